import { UAParser } from 'ua-parser-js'
import { Lru } from './lru'

export interface Device {
  browser: string
  browserVersion: string
  os: string
  osVersion: string
  /** Desktop, Mobile, Tablet, TV, Console, Wearable or Other. */
  device: string
}

/** Low-entropy User-Agent client hints (sent by Chromium browsers without opt-in). */
export interface ClientHints {
  secChUa?: string | undefined
  secChUaMobile?: string | undefined
  secChUaPlatform?: string | undefined
}

const DEVICES: Record<string, string> = {
  mobile: 'Mobile',
  tablet: 'Tablet',
  smarttv: 'TV',
  console: 'Console',
  wearable: 'Wearable',
  xr: 'Other',
  embedded: 'Other',
}

// Names as people know them; ua-parser-js says "Mobile Safari" and "Chrome Mobile" etc.
const BROWSER_NAMES: Record<string, string> = {
  'Mobile Safari': 'Safari',
  'Chrome Mobile': 'Chrome',
  'Mobile Chrome': 'Chrome',
  'Mobile Firefox': 'Firefox',
  'Chrome WebView': 'Chrome Webview',
  'Edge WebView2': 'Edge',
  'Samsung Internet': 'Samsung Internet',
}
const OS_NAMES: Record<string, string> = {
  'Mac OS': 'macOS',
  macOS: 'macOS',
  Chromium_OS: 'Chrome OS',
  'Chrome OS': 'Chrome OS',
}

/** Version as major.minor at most: finer versions only split the same browser into rows. */
function shortVersion(v: string | undefined): string {
  if (!v) return ''
  return v.split('.').slice(0, 2).join('.')
}

function parse(userAgent: string, hints: ClientHints): Device {
  const headers: Record<string, string> = {}
  if (hints.secChUa) headers['sec-ch-ua'] = hints.secChUa
  if (hints.secChUaMobile) headers['sec-ch-ua-mobile'] = hints.secChUaMobile
  if (hints.secChUaPlatform) headers['sec-ch-ua-platform'] = hints.secChUaPlatform
  const parser = new UAParser(userAgent, headers)
  // withClientHints() answers synchronously when the hints come from headers, not the browser API.
  const r =
    Object.keys(headers).length > 0 ? parser.getResult().withClientHints() : parser.getResult()
  const result = r as ReturnType<UAParser['getResult']>
  const browser = result.browser.name ?? ''
  const os = result.os.name ?? ''
  let device = DEVICES[result.device.type ?? ''] ?? 'Desktop'
  // iPadOS 13+ reports itself as a Mac; a touch Mac does not exist, the tracker cannot tell us,
  // so an iPad stays "Desktop" here exactly as Safari intends.
  if (hints.secChUaMobile === '?1' && device === 'Desktop') device = 'Mobile'
  return {
    browser: BROWSER_NAMES[browser] ?? browser,
    // Major only: client hints carry no more, and minor versions split one browser into rows.
    browserVersion: (result.browser.version ?? '').split('.')[0] ?? '',
    os: OS_NAMES[os] ?? os,
    osVersion: os === 'Windows' ? (result.os.version ?? '') : shortVersion(result.os.version),
    device: browser === '' && os === '' ? 'Other' : device,
  }
}

const cache = new Lru<string, Device>(10_000)

/**
 * Browser, OS and device class of a User-Agent (and its low-entropy client hints). Parsed
 * results are cached: a site's visitors share a few hundred distinct strings.
 */
export function parseUserAgent(userAgent: string, hints: ClientHints = {}): Device {
  const key = `${userAgent}\n${hints.secChUa ?? ''}\n${hints.secChUaMobile ?? ''}\n${hints.secChUaPlatform ?? ''}`
  const hit = cache.get(key)
  if (hit) return hit
  const device = parse(userAgent, hints)
  cache.set(key, device)
  return device
}
