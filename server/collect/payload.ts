import { domainToASCII } from 'node:url'
import { parseUrl } from './url'

/** A hit as the sender described it, validated but not yet enriched. */
export interface Payload {
  name: string
  url: URL
  domains: string[]
  referrer: string
  props: Record<string, string>
  revenue: { amount: number; currency: string } | undefined
  interactive: boolean
  hashMode: boolean
  engagementMs: number
  scrollDepth: number
  segment: string | undefined
}

export interface Invalid {
  ok: false
  error: string
  field: string
}
type Parsed<T> = { ok: true; value: T } | Invalid
export type PayloadResult = Parsed<Payload>

export const LIMITS = {
  propKeys: 30,
  propKey: 300,
  propValue: 2000,
  url: 2000,
  referrer: 2000,
  name: 120,
  domains: 10,
  segment: 200,
} as const

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
// Decimal64(3) holds 18 digits; anything near that is a mistake, not a sale.
const MAX_REVENUE = 1e12

type Fields = Record<string, unknown>
const fail = (field: string, error: string): Invalid => ({
  ok: false,
  field,
  error: `${field}: ${error}`,
})

// Sites are kept under the ASCII form of an IDN domain (xn--…), which is also the host of a
// parsed URL; a snippet may name the site in Unicode (Plausible keeps domains that way).
const asciiDomain = (d: string) => (/[^\x00-\x7f]/.test(d) ? domainToASCII(d) || d : d)

/** The long or the short field name (Plausible's Events API accepts both). */
function pick(body: Fields, long: string, short: string): unknown {
  return body[long] !== undefined ? body[long] : body[short]
}

/**
 * Parses a Plausible Events API body (`name`/`n`, `url`/`u`, `domain`/`d`, `referrer`/`r`,
 * `props`/`p`, `revenue`/`$`, `interactive`/`i`, `hash`/`h`) plus Spur's `e` (engaged ms),
 * `sd` (scroll depth %) and `sg` (segment value). Errors name the field.
 */
export function parsePayload(text: string): PayloadResult {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ok: false, field: 'body', error: 'Request body must be valid JSON' }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, field: 'body', error: 'Request body must be a JSON object' }
  const b = body as Fields

  const name = pick(b, 'name', 'n')
  if (typeof name !== 'string' || name.trim() === '') return fail('name', 'is required')
  if (name.length > LIMITS.name) return fail('name', `must be at most ${LIMITS.name} characters`)

  const rawUrl = pick(b, 'url', 'u')
  if (typeof rawUrl !== 'string' || rawUrl === '') return fail('url', 'is required')
  if (rawUrl.length > LIMITS.url) return fail('url', `must be at most ${LIMITS.url} characters`)
  const url = parseUrl(rawUrl)
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return fail('url', 'must be an absolute http(s) URL')

  const rawDomain = pick(b, 'domain', 'd')
  if (typeof rawDomain !== 'string') return fail('domain', 'is required')
  const domains = rawDomain.includes(',')
    ? [
        ...new Set(
          rawDomain
            .split(',')
            .map((d) => asciiDomain(d.trim().toLowerCase()))
            .filter(Boolean),
        ),
      ]
    : [asciiDomain(rawDomain.trim().toLowerCase())].filter(Boolean)
  if (domains.length === 0) return fail('domain', 'is required')
  if (domains.length > LIMITS.domains)
    return fail('domain', `must name at most ${LIMITS.domains} sites`)

  const rawReferrer = pick(b, 'referrer', 'r')
  if (rawReferrer !== undefined && rawReferrer !== null && typeof rawReferrer !== 'string')
    return fail('referrer', 'must be a string')
  // A long referrer (search result URLs) is cut, not refused: the rest of the hit is good.
  const referrer = (rawReferrer ?? '').slice(0, LIMITS.referrer)

  const props = parseProps(pick(b, 'props', 'p'))
  if (!props.ok) return props

  const revenue = parseRevenue(pick(b, 'revenue', '$'))
  if (!revenue.ok) return revenue

  // null counts as left out, as for the other optional fields.
  const interactive = pick(b, 'interactive', 'i')
  if (interactive != null && typeof interactive !== 'boolean')
    return fail('interactive', 'must be true or false')
  const hash = pick(b, 'hash', 'h')
  if (hash != null && typeof hash !== 'boolean' && hash !== 0 && hash !== 1)
    return fail('hash', 'must be true or false')

  const engagementMs = parseCount(b.e, 'e', 2 ** 32 - 1)
  if (!engagementMs.ok) return engagementMs
  const scrollDepth = parseCount(b.sd, 'sd', 100)
  if (!scrollDepth.ok) return scrollDepth

  const sg = b.sg
  if (sg !== undefined && sg !== null && typeof sg !== 'string')
    return fail('sg', 'must be a string')
  if (typeof sg === 'string' && sg.length > LIMITS.segment)
    return fail('sg', `must be at most ${LIMITS.segment} characters`)

  return {
    ok: true,
    value: {
      name: name.trim(),
      url,
      domains,
      referrer,
      props: props.value,
      revenue: revenue.value,
      interactive: interactive !== false,
      hashMode: hash === true || hash === 1,
      engagementMs: engagementMs.value,
      scrollDepth: scrollDepth.value,
      segment: typeof sg === 'string' && sg !== '' ? sg : undefined,
    },
  }
}

function parseProps(raw: unknown): Parsed<Record<string, string>> {
  if (raw === undefined || raw === null) return { ok: true, value: {} }
  let value: unknown = raw
  // Older Plausible scripts send props as a JSON-encoded string.
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown
    } catch {
      return fail('props', 'must be an object')
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('props', 'must be an object')
  const out: Record<string, string> = {}
  const entries = Object.entries(value as Fields).filter(([, v]) => v !== null && v !== '')
  if (entries.length > LIMITS.propKeys)
    return fail('props', `must have at most ${LIMITS.propKeys} keys`)
  for (const [key, v] of entries) {
    const field = `props.${key.slice(0, 40)}`
    if (key.length > LIMITS.propKey || key.trim() === '')
      return fail(field, `key must be 1 to ${LIMITS.propKey} characters`)
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      return fail(field, 'must be a string, number or boolean')
    const s = String(v)
    if (s.length > LIMITS.propValue)
      return fail(field, `must be at most ${LIMITS.propValue} characters`)
    out[key] = s
  }
  return { ok: true, value: out }
}

function parseRevenue(raw: unknown): Parsed<Payload['revenue']> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined }
  if (typeof raw !== 'object' || Array.isArray(raw))
    return fail('revenue', 'must be an object {amount, currency}')
  const { amount, currency } = raw as Fields
  // A string is read as a decimal number only ("12.50"), not as hex or binary ("0x10" is 16).
  const n =
    typeof amount === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(amount)
      ? Number(amount)
      : amount
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > MAX_REVENUE)
    return fail('revenue.amount', 'must be a number')
  if (typeof currency !== 'string' || !CURRENCIES.has(currency.toUpperCase()))
    return fail('revenue.currency', 'must be an ISO 4217 currency code')
  return {
    ok: true,
    value: { amount: Math.round(n * 1000) / 1000, currency: currency.toUpperCase() },
  }
}

function parseCount(raw: unknown, field: string, max: number): Parsed<number> {
  if (raw === undefined || raw === null) return { ok: true, value: 0 }
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
    return fail(field, 'must be a non-negative number')
  return { ok: true, value: Math.min(Math.round(raw), max) }
}
