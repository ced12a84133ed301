import type { Store } from '../store'

export const REALTIME_WINDOW_MS = 5 * 60_000

/** Distinct visitors with a hit (not an engagement report) in the five minutes before now. */
export async function getCurrentVisitors(
  store: Store,
  siteId: number,
  now: number,
): Promise<number> {
  const rows = await store.reader.query<{ visitors: string | number }>(
    'getCurrentVisitors',
    `SELECT uniqExact(visitor_id) AS visitors FROM events
     WHERE site_id = {site:UInt32}
       AND timestamp >= fromUnixTimestamp64Milli({from:Int64})
       AND timestamp <= fromUnixTimestamp64Milli({now:Int64})
       AND name != 'engagement'`,
    { site: siteId, from: now - REALTIME_WINDOW_MS, now },
  )
  return Number(rows[0]?.visitors ?? 0)
}
