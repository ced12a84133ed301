/** Synthetic but realistic traffic: many distinct browsers, Zipf-distributed pages and referrers, some bots. */

/** A seeded PRNG (mulberry32), so every run sends the same traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Picks index i of n with probability ∝ 1/(i+1)^s. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf: number[] = []
  let sum = 0
  for (let i = 0; i < n; i++) cdf.push((sum += 1 / Math.pow(i + 1, s)))
  return () => {
    const x = random() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cdf[mid] ?? 0) < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

const WINDOWS = [
  'Windows NT 10.0; Win64; x64',
  'Windows NT 6.1; Win64; x64',
  'Windows NT 6.3; Win64; x64',
]
const MACS = ['10_15_7', '13_6_4', '14_4_1', '12_7_2']
const ANDROIDS = [
  '10; K',
  '13; SM-A536B',
  '14; Pixel 8',
  '12; Redmi Note 11',
  '14; SM-S918B',
  '11; moto g(30)',
]
const IOS = ['17_4_1', '16_7_8', '17_3', '15_8', '17_5']

/** At least `n` distinct real-shaped browser User-Agents. */
export function browserAgents(n: number): string[] {
  const out = new Set<string>()
  for (let major = 100; out.size < n && major < 140; major++)
    for (let build = 0; build < 40 && out.size < n; build++) {
      const v = `${major}.0.${6000 + build * 7}.${build * 3}`
      out.add(
        `Mozilla/5.0 (${WINDOWS[build % 3]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`,
      )
      out.add(
        `Mozilla/5.0 (Macintosh; Intel Mac OS X ${MACS[build % 4]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`,
      )
      out.add(
        `Mozilla/5.0 (Linux; Android ${ANDROIDS[build % 6]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Mobile Safari/537.36`,
      )
      out.add(
        `Mozilla/5.0 (${WINDOWS[build % 3]}; rv:${major - 10}.0) Gecko/20100101 Firefox/${major - 10}.${build % 3}`,
      )
      out.add(
        `Mozilla/5.0 (iPhone; CPU iPhone OS ${IOS[build % 5]} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${(major % 8) + 15}.${build % 6} Mobile/15E148 Safari/604.1`,
      )
      out.add(
        `Mozilla/5.0 (${WINDOWS[build % 3]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36 Edg/${major}.0.${2400 + build}.${build}`,
      )
    }
  return [...out].slice(0, n)
}

export const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  'python-requests/2.31.0',
  'curl/8.5.0',
]

const REFERRERS = [
  '',
  'https://www.google.com/',
  'https://www.google.de/',
  'https://duckduckgo.com/',
  'https://www.bing.com/',
  'https://www.facebook.com/',
  'https://t.co/x',
  'https://www.linkedin.com/',
  'https://news.ycombinator.com/item?id=1',
  'https://www.reddit.com/r/de/',
  'https://mail.google.com/',
  'https://www.ecosia.org/',
  ...Array.from({ length: 88 }, (_, i) => `https://blog${i}.example.net/post/${i}`),
]

export interface Visitor {
  ip: string
  ua: string
}

export interface Traffic {
  next(): { body: string; visitor: Visitor }
}

/** Hits for `domain`: 70 % pageviews, 20 % engagement, 10 % custom events; ~5 % from bots. */
export function traffic(domain: string, seed = 42): Traffic {
  const random = rng(seed)
  const agents = browserAgents(2400)
  const visitors: Visitor[] = Array.from({ length: 20_000 }, (_, i) => ({
    ip: `${10 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`,
    ua: agents[Math.floor(random() * agents.length)] ?? '',
  }))
  const page = zipf(500, 1.1, random)
  const ref = zipf(REFERRERS.length, 1.2, random)
  const who = zipf(visitors.length, 0.8, random)
  return {
    next() {
      const bot = random() < 0.05
      const visitor = bot
        ? {
            ip: `192.0.2.${Math.floor(random() * 250)}`,
            ua: BOT_AGENTS[Math.floor(random() * BOT_AGENTS.length)] ?? '',
          }
        : (visitors[who()] ?? { ip: '10.0.0.1', ua: agents[0] ?? '' })
      const url = `https://${domain}/p/${page()}?utm_source=${random() < 0.1 ? 'newsletter' : ''}`
      const kind = random()
      const body =
        kind < 0.7
          ? { n: 'pageview', u: url, d: domain, r: REFERRERS[ref()] }
          : kind < 0.9
            ? {
                n: 'engagement',
                u: url,
                d: domain,
                e: Math.floor(random() * 60_000),
                sd: Math.floor(random() * 100),
              }
            : { n: 'Signup', u: url, d: domain, p: { plan: random() < 0.5 ? 'pro' : 'free' } }
      return { body: JSON.stringify(body), visitor }
    },
  }
}
