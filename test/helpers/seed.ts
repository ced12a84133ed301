import type { Services } from '../../server/services'

/** One hit as a test wants it stored; everything else comes from the real pipeline. */
export interface SeedHit {
  domain: string
  /** Event name; 'pageview' by default. */
  name?: string
  url: string
  referrer?: string
  props?: Record<string, string | number | boolean>
  revenue?: { amount: number | string; currency: string }
  /** Default 203.0.113.10 (one visitor per distinct ip + userAgent). */
  ip?: string
  /** Default: desktop Chrome on Windows. */
  userAgent?: string
  /** Epoch milliseconds; the hit's "now". Hits of one visitor must come in time order. */
  timestamp: number
  interactive?: boolean
  engagementMs?: number
  scrollDepth?: number
  segment?: string
}

export const SEED_IP = '203.0.113.10'
export const SEED_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'

/**
 * Runs each hit through the collector's real pipeline (validation, drop rules, enrichment,
 * visitor hash, visits, spool, writer) with the hit's own timestamp as "now", in time order,
 * then waits until everything is in ClickHouse. Throws when a hit is refused or dropped, naming it, so a test
 * never silently seeds less than it meant to.
 */
export async function seedHits(services: Services, hits: SeedHit[]): Promise<void> {
  const ingest = services.deps.ingest
  const durable: Array<Promise<void>> = []
  // All hits in time order (stable, so each visitor's own order is kept): visits and the daily
  // salts then behave as they do for live traffic, whatever order the test listed them in.
  const ordered = hits
    .map((hit, index) => ({ hit, index }))
    .sort((a, b) => a.hit.timestamp - b.hit.timestamp || a.index - b.index)
  for (const { hit, index } of ordered) {
    const body = JSON.stringify({
      n: hit.name ?? 'pageview',
      u: hit.url,
      d: hit.domain,
      r: hit.referrer ?? null,
      p: hit.props,
      $: hit.revenue,
      i: hit.interactive,
      e: hit.engagementMs,
      sd: hit.scrollDepth,
      sg: hit.segment,
    })
    // In order, one at a time: the visit of each hit is updated before the next is looked at.
    const { outcome, durable: onDisk } = await ingest.submit(
      {
        body,
        ip: hit.ip ?? SEED_IP,
        userAgent: hit.userAgent ?? SEED_USER_AGENT,
        hints: {},
        privacySignal: false,
      },
      hit.timestamp,
    )
    if (outcome.kind !== 'accepted') {
      const why =
        outcome.kind === 'dropped'
          ? `dropped (${outcome.reason})`
          : outcome.kind === 'invalid'
            ? `invalid (${outcome.error})`
            : outcome.kind === 'full'
              ? 'refused: spool full'
              : 'refused: store unavailable'
      throw new Error(`seedHits: hit ${index} (${hit.name ?? 'pageview'} ${hit.url}) was ${why}`)
    }
    durable.push(onDisk)
  }
  await Promise.all(durable)
  await ingest.flush()
}
