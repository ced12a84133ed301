import { UAParser } from 'ua-parser-js'

/**
 * "Firefox on Linux" for the account owner's list of sessions. Only this coarse label is
 * kept; the User-Agent string itself is never stored.
 */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return ''
  const r = new UAParser(userAgent.slice(0, 512)).getResult()
  const browser = r.browser.name ?? ''
  const os = r.os.name ?? ''
  if (browser && os) return `${browser} on ${os}`
  return browser || os
}
