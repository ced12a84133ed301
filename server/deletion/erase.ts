import type { Store } from '../store'
import { findSiteDataTables, quote, type SiteDataTable } from './data-tables'

/** Which rows of a site to remove. Times are epoch milliseconds, `to` exclusive. */
export type EraseScope =
  | { kind: 'all' }
  | {
      kind: 'range'
      from: number
      to: number
      /**
       * `overlapping`: a day- or hour-level rollup row that overlaps the range is removed too
       * (erasure errs on removing). `contained`: only rows wholly before `to` (retention).
       */
      edges: 'overlapping' | 'contained'
    }

export interface EraseReport {
  tables: string[]
  /** Tables with site data but no time column, left alone by a range erasure. */
  skipped: string[]
}

const MUTATION_TIMEOUT_MS = 30 * 60_000

function condition(table: SiteDataTable, scope: EraseScope): string | undefined {
  if (scope.kind === 'all') return 'site_id = {site:UInt32}'
  const col = table.timeColumn
  if (!col) return undefined
  const name = quote(col.name)
  if (!col.isDate)
    return `site_id = {site:UInt32} AND ${name} >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
      AND ${name} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`
  // Day columns hold days in the site's time zone.
  const firstDay = `toDate(fromUnixTimestamp64Milli({from:Int64}, 'UTC'), {tz:String})`
  const lastDay = `toDate(fromUnixTimestamp64Milli({lastMs:Int64}, 'UTC'), {tz:String})`
  return scope.edges === 'overlapping'
    ? `site_id = {site:UInt32} AND ${name} >= ${firstDay} AND ${name} <= ${lastDay}`
    : `site_id = {site:UInt32} AND ${name} >= ${firstDay} AND ${name} < toDate(fromUnixTimestamp64Milli({to:Int64}, 'UTC'), {tz:String})`
}

/**
 * Removes a site's rows from every table holding site data and waits until ClickHouse has
 * rewritten the parts (ALTER … DELETE is a mutation; lightweight deletes only hide rows).
 */
export async function eraseSiteData(
  store: Store,
  site: { id: number; timezone: string },
  scope: EraseScope,
): Promise<EraseReport> {
  const report: EraseReport = { tables: [], skipped: [] }
  const params =
    scope.kind === 'all'
      ? { site: site.id }
      : {
          site: site.id,
          from: Math.max(0, scope.from),
          to: scope.to,
          lastMs: scope.to - 1,
          tz: site.timezone,
        }
  for (const table of await findSiteDataTables(store)) {
    const where = condition(table, scope)
    if (!where) {
      report.skipped.push(table.name)
      continue
    }
    await store.writer.command(`ALTER TABLE ${quote(table.name)} DELETE WHERE ${where}`, params)
    report.tables.push(table.name)
  }
  for (const name of report.tables) await waitForMutations(store, name)
  return report
}

async function waitForMutations(store: Store, table: string): Promise<void> {
  const started = Date.now()
  for (
    let delay = 20;
    Date.now() - started < MUTATION_TIMEOUT_MS;
    delay = Math.min(delay * 2, 2000)
  ) {
    const rows = await store.reader.query<{ pending: string; reason: string }>(
      'pendingMutations',
      `SELECT count() AS pending, any(latest_fail_reason) AS reason FROM system.mutations
       WHERE database = currentDatabase() AND table = {table:String} AND is_done = 0`,
      { table },
    )
    const row = rows[0]
    if (!row || Number(row.pending) === 0) return
    if (row.reason) throw new Error(`deleting from ${table} failed: ${row.reason}`)
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
  throw new Error(`deleting from ${table} did not finish within 30 minutes`)
}
