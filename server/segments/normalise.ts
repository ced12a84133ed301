import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

/** Trims and collapses inner whitespace (CRM exports are full of double spaces and tabs). */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim()
}

/** A lower-cased e-mail address, or undefined when it is not one. */
export function normaliseEmail(s: string): string | undefined {
  const e = cleanText(s)
    .toLowerCase()
    .replace(/^mailto:/, '')
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(e) ? e : undefined
}

/** A phone number in E.164 (+4930123456), read with the given default country. */
export function normalisePhone(s: string, region: CountryCode): string | undefined {
  const p = parsePhoneNumberFromString(cleanText(s), region)
  return p?.isValid() ? p.number : undefined
}

/** A postcode without spaces, upper-cased (D-10115 → 10115, sw1a 1aa → SW1A1AA). */
export function normalisePostcode(s: string): string {
  return cleanText(s).toUpperCase().replace(/^D-/, '').replace(/[\s-]/g, '')
}

/** Capitalises words written all in capitals or all in lower case ("MÜLLER GMBH" → "Müller Gmbh"). */
export function normaliseCase(s: string): string {
  const t = cleanText(s)
  if (t !== t.toUpperCase() && t !== t.toLowerCase()) return t
  return t
    .toLowerCase()
    .replace(/(^|[\s\-/&.(])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
}

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' }
// Whole words only, where a word is letters and digits of any script ("søag" keeps its "ag").
const LEGAL_FORMS =
  /(?<![\p{L}\p{N}])(gmbh|mbh|ag|kg|ohg|gbr|ug|haftungsbeschraenkt|ek|e\s?k|ev|e\s?v|co|ltd|llc|inc|plc|sarl|bv|se)(?![\p{L}\p{N}])/gu

/**
 * A comparison key for names: lower case, umlauts as their two-letter spellings (Müller and
 * Mueller meet), other accents dropped, punctuation and legal forms removed. Letters of every
 * script are kept (Greek and Cyrillic are EU scripts; final ς is σ).
 */
export function foldName(s: string, dropLegalForm = false): string {
  let t = cleanText(s)
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => UMLAUTS[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('ς', 'σ')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
  if (dropLegalForm) t = t.replace(LEGAL_FORMS, ' ')
  return t.replace(/\s+/g, ' ').trim()
}

/**
 * Splits a tag cell ("Garten, Werkzeug | Holz") into clean, de-duplicated tags; a tag without
 * a letter or digit ("---") is none.
 */
export function splitTags(s: string): string[] {
  const tags = s
    .split(/[,;|/\n]+/)
    .map((t) => cleanText(t))
    .filter((t) => foldName(t) !== '' && t.length <= 60)
  const seen = new Map<string, string>()
  for (const t of tags) if (!seen.has(foldName(t))) seen.set(foldName(t), t)
  return [...seen.values()]
}
