import type { Doc } from './doc'
import type { PrivacyFacts } from './facts'
import { policyDe, policyEn } from './policy'
import { recordDe, recordEn } from './record'

export { toHtml, toMarkdown, PRINT_CSP, type Doc } from './doc'
export { getPrivacyFacts, type PrivacyFacts } from './facts'

export const TEXT_KINDS = ['policy', 'record'] as const
export type TextKind = (typeof TEXT_KINDS)[number]
export const TEXT_LANGS = ['de', 'en'] as const
export type TextLang = (typeof TEXT_LANGS)[number]

const BUILDERS: Record<TextKind, Record<TextLang, (f: PrivacyFacts) => Doc>> = {
  policy: { de: policyDe, en: policyEn },
  record: { de: recordDe, en: recordEn },
}

/** One transparency text — privacy-policy section or Art. 30 record entry — in one language. */
export function buildText(kind: TextKind, lang: TextLang, facts: PrivacyFacts): Doc {
  return BUILDERS[kind][lang](facts)
}
