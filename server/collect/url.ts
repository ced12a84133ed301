export interface PageUrl {
  /** Host without "www.", lower case. */
  hostname: string
  /** Path (decoded), with the fragment in hash mode and allow-listed query parameters. */
  pathname: string
}

export interface Campaign {
  utmSource: string
  utmMedium: string
  utmCampaign: string
  utmContent: string
  utmTerm: string
  /** Name of the ad click id parameter present (gclid, fbclid…); its value is never kept. */
  clickIdParam: string
}

/** `raw` as a URL, or undefined: one parse (URL.canParse and then new URL would be two). */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

// Ad networks' click ids, in the order they are checked; the value identifies one click and
// is dropped, the name says which network paid for it.
export const CLICK_ID_PARAMS = [
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'fbclid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'yclid',
  'epik',
  'rdt_cid',
  'sccid',
] as const

/** Lower-cases the host and drops a leading "www." (www.example.com and example.com are one site). */
export function normaliseHostname(host: string): string {
  return host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '')
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * The stored page of a URL: its path (percent-decoded, never empty), plus the fragment when the
 * site routes by hash (`hash` flag), plus only the query parameters the site allow-lists, in
 * the URL's query or the fragment's (everything else, e.g. ?email=…, is dropped before it
 * reaches the store).
 */
export function normaliseUrl(
  url: URL,
  hashMode: boolean,
  allowedParams: readonly string[],
): PageUrl {
  let path = safeDecode(url.pathname) || '/'
  if (path.length > 1 && path.endsWith('/') && path !== '/') path = path.replace(/\/+$/, '/')
  // A hash router keeps its query in the fragment (#/reset?token=…): the allow-list holds there too.
  let fragmentQuery = ''
  if (hashMode && url.hash.length > 1) {
    const q = url.hash.indexOf('?')
    const route = q < 0 ? url.hash : url.hash.slice(0, q)
    if (route.length > 1) path += safeDecode(route)
    if (q >= 0) fragmentQuery = url.hash.slice(q + 1)
  }
  if (allowedParams.length > 0) {
    const kept = new URLSearchParams()
    for (const [key, value] of url.searchParams)
      if (allowedParams.includes(key)) kept.append(key, value)
    if (fragmentQuery)
      for (const [key, value] of new URLSearchParams(fragmentQuery))
        if (allowedParams.includes(key)) kept.append(key, value)
    const query = kept.toString()
    if (query) path += `?${safeDecode(query)}`
  }
  return { hostname: normaliseHostname(url.hostname), pathname: path }
}

const NO_CAMPAIGN: Campaign = Object.freeze({
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmContent: '',
  utmTerm: '',
  clickIdParam: '',
})

const tag = (s: string | null) => (s ?? '').trim().slice(0, 200)

/**
 * UTM tags and the click id parameter of a landing URL. `ref`, `source` and `utm_source` all name
 * the source (as Plausible reads them); the first that is not empty wins in that order.
 */
export function getCampaign(url: URL): Campaign {
  // Most pages come without a query: nothing to read, and no URLSearchParams to build.
  if (url.search === '') return NO_CAMPAIGN
  const q = url.searchParams
  const clickIdParam = CLICK_ID_PARAMS.find((p) => q.has(p)) ?? ''
  return {
    utmSource: tag(q.get('utm_source')) || tag(q.get('source')) || tag(q.get('ref')),
    utmMedium: tag(q.get('utm_medium')),
    utmCampaign: tag(q.get('utm_campaign')),
    utmContent: tag(q.get('utm_content')),
    utmTerm: tag(q.get('utm_term')),
    clickIdParam,
  }
}

/** True when `hostname` is the site's domain, one of its subdomains, or an alias (or its subdomain). */
export function hostBelongsToSite(
  hostname: string,
  domain: string,
  aliases: readonly string[],
): boolean {
  const host = normaliseHostname(hostname)
  for (const d of [domain, ...aliases]) {
    const base = normaliseHostname(d)
    if (host === base || host.endsWith(`.${base}`)) return true
  }
  return false
}

/**
 * Compiles excluded path patterns ("/admin/*", "/preview") to one matcher. `*` matches any run
 * of characters, including slashes; everything else is literal.
 */
export function compilePathPatterns(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false
  const escaped = patterns.map(
    (p) =>
      '^' +
      p
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  )
  const re = new RegExp(escaped.join('|'))
  return (path) => re.test(path)
}
