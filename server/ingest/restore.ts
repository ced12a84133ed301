import type { SessionRow } from '../collect/rows'
import { VISIT_TIMEOUT_MS, type SessionTracker } from '../collect/sessions'
import type { Store } from '../store'
import { lineSessions, parseHeader, type SpoolColumns } from './record'
import { readSegment, type Segment } from './spool'

const NUMERIC = [
  'site_id',
  'version',
  'start',
  'timestamp',
  'pageviews',
  'events',
  'duration',
  'is_bounce',
] as const

/**
 * Rebuilds the visits still open at `now` after a restart: their last state from the sessions
 * table (FINAL collapses each -1/+1 pair), then newer states from spool files that had not
 * reached the store. Returns how many visits were restored.
 */
export async function restoreSessions(
  store: Store,
  tracker: SessionTracker,
  leftovers: readonly Segment[],
  now: number,
): Promise<number> {
  const since = now - VISIT_TIMEOUT_MS
  const rows = await store.reader.query<Record<string, unknown>>(
    'getOpenSessions',
    `SELECT site_id, toString(session_id) AS session_id, toString(visitor_id) AS visitor_id, sign,
       version, toUnixTimestamp64Milli(start) AS start, toUnixTimestamp64Milli(timestamp) AS timestamp,
       hostname, entry_page, exit_page, pageviews, events, duration, is_bounce, referrer,
       referrer_source, channel, utm_source, utm_medium, utm_campaign, utm_content, utm_term,
       click_id_param, country_code, region, city, browser, browser_version, os, os_version,
       device, segment
     FROM sessions FINAL
     WHERE sign = 1 AND timestamp >= fromUnixTimestamp64Milli({since:Int64})
       AND start >= fromUnixTimestamp64Milli({earliest:Int64})`,
    // A visit cannot have started more than a day before its last hit in any realistic case.
    { since, earliest: since - 86_400_000 },
  )
  for (const raw of rows) {
    const row = { ...raw } as Record<string, unknown>
    for (const k of NUMERIC) row[k] = Number(row[k])
    tracker.restore(row as unknown as SessionRow)
  }
  for (const segment of leftovers) {
    const { header, lines } = readSegment(segment.path)
    segment.records = lines.length
    let columns: SpoolColumns | undefined
    try {
      columns = header === undefined ? undefined : parseHeader(header)
    } catch {
      continue // a file of a format this version cannot read; the writer reports it
    }
    for (const line of lines)
      for (const s of lineSessions(line, columns) ?? [])
        if (s.sign === 1 && s.timestamp >= since) tracker.restore(s)
  }
  return tracker.size
}
