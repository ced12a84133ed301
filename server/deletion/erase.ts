import type { Ingest } from '../ingest/ingest'
import type { Store } from '../store'
import { findSiteDataTables, quote, safeIdentifier, type SiteDataTable } from './data-tables'

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
const HOUR_MS = 3_600_000
const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS

/**
 * A table filled by a materialized view with one row per hour (such as sessions_hourly). The
 * view's SELECT is SQL text the database itself holds, like the table names read from it.
 */
interface HourlyRollup {
  table: string
  /** The view, whose columns are what its SELECT gives. */
  view: string
  /** The view's SELECT, which computes the table's rows from its source. */
  select: string
}

function condition(table: SiteDataTable, scope: EraseScope, hourly: boolean): string | undefined {
  if (scope.kind === 'all') return 'site_id = {site:UInt32}'
  const col = table.timeColumn
  if (!col) return undefined
  const name = quote(col.name)
  // An hour row that the range cuts goes too; it is rebuilt afterwards from what remains.
  if (hourly)
    return `site_id = {site:UInt32} AND ${name} >= fromUnixTimestamp64Milli({fromHour:Int64}, 'UTC')
      AND ${name} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`
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
 * With the collector's `ingest`, hits acknowledged before the erasure are stored first and
 * erased with the rest; hits arriving meanwhile wait in the spool until every DELETE is issued
 * (and a cut hour's rollup row rebuilt, so no insert lands in between), and visits cut by the
 * erasure start anew at their next hit.
 */
export async function eraseSiteData(
  store: Store,
  site: { id: number; timezone: string },
  scope: EraseScope,
  ingest?: Pick<Ingest, 'isolate'>,
): Promise<EraseReport> {
  if (!ingest) return erase(store, site, scope)
  // A visit's rows are placed in time by their `timestamp` (see data-tables.ts), so an open
  // visit whose latest row is erased must not be continued by the next hit.
  const erased = (visit: { site_id: number; timestamp: number }) =>
    visit.site_id === site.id &&
    (scope.kind === 'all' || (visit.timestamp >= scope.from && visit.timestamp < scope.to))
  return ingest.isolate(erased, (resume) => erase(store, site, scope, resume))
}

/**
 * `resume` lets the collector's writer go on: once every DELETE is issued, inserts no longer
 * reach the rows it removes (a mutation covers the parts that existed when it was issued).
 * Only the rebuild of a cut hour needs the writer held until it is done.
 */
async function erase(
  store: Store,
  site: { id: number; timezone: string },
  scope: EraseScope,
  resume: () => void = () => {},
): Promise<EraseReport> {
  const report: EraseReport = { tables: [], skipped: [] }
  const from = scope.kind === 'all' ? 0 : Math.max(0, scope.from)
  const params =
    scope.kind === 'all'
      ? { site: site.id }
      : {
          site: site.id,
          from,
          fromHour: hourOf(from),
          to: scope.to,
          lastMs: scope.to - 1,
          tz: site.timezone,
        }
  const views = scope.kind === 'all' ? [] : await findHourlyRollups(store)
  const hourly: HourlyRollup[] = []
  for (const table of await findSiteDataTables(store)) {
    const view =
      table.timeColumn?.name === 'hour' && !table.timeColumn.isDate
        ? views.find((v) => v.table === table.name)
        : undefined
    const where = condition(table, scope, view !== undefined)
    if (!where) {
      report.skipped.push(table.name)
      continue
    }
    await store.writer.command(`ALTER TABLE ${quote(table.name)} DELETE WHERE ${where}`, params)
    report.tables.push(table.name)
    if (view) hourly.push(view)
  }
  const cut = scope.kind === 'range' && hourly.length > 0 ? cutHours(from, scope.to) : []
  if (cut.length === 0) resume()
  for (const name of report.tables) await waitForMutations(store, name)
  if (cut.length > 0) await rebuildCutHours(store, site.id, cut, hourly)
  return report
}

/**
 * Hourly rollups filled by a materialized view, found from system.tables like the site data
 * tables, so one added later is covered too.
 */
async function findHourlyRollups(store: Store): Promise<HourlyRollup[]> {
  const rows = await store.reader.query<{ name: string; query: string; select: string }>(
    'findHourlyRollups',
    `SELECT name, create_table_query AS query, as_select AS select FROM system.tables
     WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
  )
  return rows.flatMap((r) => {
    const target = /\bTO\s+(?:`?[\w.-]+`?\.)?`?([\w.-]+)`?/.exec(r.query)?.[1]
    return target && safeIdentifier(target) && r.select
      ? [{ table: target, view: r.name, select: r.select }]
      : []
  })
}

/**
 * A range that starts or ends inside an hour (a local day in a zone with a half-hour offset,
 * a retention cut-off) cuts that hour's rollup row in two: its sums hold visits from both
 * sides. The row went with the range; it is computed again, by the view's own SELECT, from
 * the source rows that remain.
 */
async function rebuildCutHours(
  store: Store,
  siteId: number,
  hours: number[],
  rollups: HourlyRollup[],
): Promise<void> {
  for (const rollup of rollups) {
    const columns = await store.reader.query<{ name: string }>(
      'rollupColumns',
      `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {table:String}
       ORDER BY position`,
      { table: rollup.view },
    )
    const list = columns.map((c) => quote(c.name)).join(', ')
    await store.writer.command(
      `INSERT INTO ${quote(rollup.table)} (${list}) SELECT ${list} FROM (${rollup.select})
       WHERE site_id = {site:UInt32}
         AND has({hours:Array(Int64)}, toInt64(toUnixTimestamp(hour)) * 1000)`,
      { site: siteId, hours },
    )
  }
}

/** The hours a range starts or ends inside of (their rollup rows hold both sides). */
function cutHours(from: number, to: number): number[] {
  const cut = new Set<number>()
  if (from > 0 && from % HOUR_MS !== 0) cut.add(hourOf(from))
  if (to % HOUR_MS !== 0 && to > from) cut.add(hourOf(to))
  return [...cut]
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
