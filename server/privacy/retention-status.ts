import { monthsBefore } from '../deletion'
import type { Site } from '../sites/sites'
import type { Store } from '../store'

export interface RetentionStatus {
  retentionMonths: number
  /** Data before this instant is removed by the next retention run. */
  cutoff: number
  /** The site's oldest stored event, or null when it has none. */
  oldestEvent: number | null
  /** Events already past the limit and waiting for the next run (at most six hours). */
  eventsPastLimit: number
}

/** Where a site stands with its retention limit, for the settings page. */
export async function getRetentionStatus(
  store: Store,
  site: Site,
  now: number,
): Promise<RetentionStatus> {
  const cutoff = monthsBefore(now, site.settings.retentionMonths)
  const [row] = await store.reader.query<{
    n: number
    oldest: string | number
    past: string | number
  }>(
    'getRetentionStatus',
    `SELECT count() AS n, toUnixTimestamp64Milli(min(timestamp)) AS oldest,
       countIf(timestamp < fromUnixTimestamp64Milli({cutoff:Int64}, 'UTC')) AS past
     FROM events WHERE site_id = {site:UInt32}`,
    { site: site.id, cutoff },
  )
  return {
    retentionMonths: site.settings.retentionMonths,
    cutoff,
    oldestEvent: row && Number(row.n) > 0 ? Number(row.oldest) : null,
    eventsPastLimit: Number(row?.past ?? 0),
  }
}
