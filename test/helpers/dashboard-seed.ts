// Seeds a site through the product's own write path: real hits to the collect endpoint.

export interface Hit {
  url: string
  referrer?: string
  name?: string
  props?: Record<string, string>
  /** Distinct values make distinct visitors (the server trusts X-Forwarded-For in tests). */
  ip: string
  userAgent?: string
}

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const FIREFOX =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0'
const SAFARI_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
export const USER_AGENTS = [CHROME, FIREFOX, SAFARI_IOS]

/** Sends one Plausible Events API hit; returns the HTTP status. */
export async function sendHit(base: string, domain: string, hit: Hit, collectPath = '/api/event') {
  const res = await fetch(base + collectPath, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': hit.userAgent ?? CHROME,
      'x-forwarded-for': hit.ip,
    },
    body: JSON.stringify({
      n: hit.name ?? 'pageview',
      u: hit.url,
      d: domain,
      r: hit.referrer ?? null,
      ...(hit.props && { p: hit.props }),
    }),
  })
  await res.arrayBuffer()
  return res.status
}

/**
 * A small, varied site: 12 visitors from Google, DuckDuckGo, a newsletter and direct, on
 * three browsers, visiting 1–3 pages each. Returns the statuses of every hit sent.
 */
export async function seedSite(base: string, domain: string): Promise<number[]> {
  const sources = ['https://www.google.com/', 'https://duckduckgo.com/', '', '']
  const pages = ['/', '/pricing', '/blog/hello', '/contact']
  const statuses: number[] = []
  for (let v = 0; v < 12; v++) {
    const ip = `203.0.113.${10 + v}`
    const userAgent = USER_AGENTS[v % USER_AGENTS.length]
    const referrer = sources[v % sources.length] ?? ''
    const entry = v % sources.length === 2 ? '/?utm_source=newsletter&utm_medium=email' : '/'
    statuses.push(
      await sendHit(base, domain, {
        url: `https://${domain}${entry}`,
        referrer: referrer || undefined,
        ip,
        userAgent,
      }),
    )
    for (let p = 1; p <= v % 3; p++)
      statuses.push(
        await sendHit(base, domain, {
          url: `https://${domain}${pages[p] ?? '/'}`,
          referrer: `https://${domain}/`,
          ip,
          userAgent,
        }),
      )
  }
  return statuses
}
