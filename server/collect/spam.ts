import { SPAM_DOMAINS } from './spam-list'
import { normaliseHostname, parseUrl } from './url'

const spam = new Set(SPAM_DOMAINS)

/** True when the referrer's host, or a domain it belongs to, is a known referrer spammer. */
export function isSpamReferrer(referrer: string): boolean {
  const url = referrer ? parseUrl(referrer) : undefined
  if (!url) return false
  let host = normaliseHostname(url.hostname)
  for (;;) {
    if (spam.has(host)) return true
    const dot = host.indexOf('.')
    if (dot < 0) return false
    host = host.slice(dot + 1)
  }
}
