import { BY_HOST, BY_NAME, type SourceKind } from './referrer-sources'
import { normaliseHostname, parseUrl } from './url'

export interface Referrer {
  /** Host and path of the referring page, without query or fragment ('' when none). */
  referrer: string
  /** Source name ("Google", "Facebook", or the referring host); '' means direct. */
  source: string
  kind: SourceKind | undefined
}

const NONE: Referrer = { referrer: '', source: '', kind: undefined }

function lookupHost(host: string) {
  // news.google.com → google.com → … ; the most specific listed host wins.
  let h = host
  for (;;) {
    const known = BY_HOST.get(h)
    if (known) return known
    const dot = h.indexOf('.')
    if (dot < 0 || h.indexOf('.', dot + 1) < 0) return undefined
    h = h.slice(dot + 1)
  }
}

/** Google's country domains (google.com.br, google.co.jp, …) that the table does not list. */
const GOOGLE = /(^|\.)google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/

/**
 * Classifies the referring URL of a hit. Internal navigation (the referrer is the site itself)
 * counts as no referrer. `utmSource` overrides the referrer's source, as campaign tags say
 * more than a referrer does.
 */
export function getReferrer(
  rawReferrer: string,
  isOwnHost: (host: string) => boolean,
  utmSource: string,
): Referrer {
  const fromTag = utmSource ? BY_NAME.get(utmSource.toLowerCase()) : undefined
  const tagged = utmSource ? { source: fromTag?.name ?? utmSource, kind: fromTag?.kind } : undefined
  const ref = parseReferrer(rawReferrer)
  if (!ref || isOwnHost(ref.host)) return tagged ? { referrer: '', ...tagged } : NONE
  const known = lookupHost(ref.host) ?? (GOOGLE.test(ref.host) ? BY_NAME.get('google') : undefined)
  const stored = (ref.host + ref.path).slice(0, 2000)
  // Campaign tags are deliberate; the referrer's kind does not override what they say.
  if (tagged) return { referrer: stored, ...tagged }
  return { referrer: stored, source: known?.name ?? ref.host, kind: known?.kind }
}

function parseReferrer(raw: string): { host: string; path: string } | undefined {
  if (!raw) return undefined
  // Android apps refer as android-app://com.google.android.gm/ (the package is the host).
  const app = /^android-app:\/\/([^/]+)/.exec(raw)
  if (app?.[1]) return { host: app[1].toLowerCase(), path: '' }
  const url = parseUrl(raw)
  if (!url) return undefined
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (!url.hostname) return undefined
  const path = url.pathname === '/' ? '' : url.pathname
  return { host: normaliseHostname(url.hostname), path }
}
