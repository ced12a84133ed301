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
export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS

/**
 * A table filled by a materialized view with one row per hour (such as sessions_hourly). The
 * view's SELECT is SQL text the database itself holds, like the table names read from it.
 */
export interface HourlyRollup {
  table: string
  /** The view, whose columns are what its SELECT gives. */
  view: string
  /** The view's SELECT, which computes the table's rows from its source. */
  select: string
}

/**
 * The rows of `table` that `scope` removes. Reads the params `site`, and for a range `from`,
 * `fromHour`, `to`, `lastMs`, `tz` and `rebuilt` (hours whose rollup rows are computed again).
 * Exported for retention, which removes the same way.
 */
export function condition(
  table: SiteDataTable,
  scope: EraseScope,
  hourly: boolean,
): string | undefined {
  if (scope.kind === 'all') return 'site_id = {site:UInt32}'
  const col = table.timeColumn
  if (!col) return undefined
  const name = quote(col.name)
  const within = (column: string) =>
    `${column} >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
      AND ${column} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`
  // An hour row that the range cuts goes too; it is rebuilt afterwards from what remains, as
  // is the hour of a visit that began before the range and whose rows in it go.
  if (hourly)
    return `site_id = {site:UInt32} AND (${name} >= fromUnixTimestamp64Milli({fromHour:Int64}, 'UTC')
      AND ${name} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      OR has({rebuilt:Array(Int64)}, toInt64(toUnixTimestamp(${name})) * 1000))`
  if (!col.isDate) {
    const start = table.startColumn ? ` OR ${within(quote(table.startColumn))}` : ''
    return `site_id = {site:UInt32} AND (${within(name)}${start})`
  }
  // Day columns hold days in the site's time zone. A range from the epoch has no first day:
  // in a zone west of UTC, that instant's day (31 Dec 1969) does not fit a Date.
  const firstDay = `toDate(fromUnixTimestamp64Milli({from:Int64}, 'UTC'), {tz:String})`
  const lastDay = `toDate(fromUnixTimestamp64Milli({lastMs:Int64}, 'UTC'), {tz:String})`
  const after = scope.from > 0 ? ` AND ${name} >= ${firstDay}` : ''
  return scope.edges === 'overlapping'
    ? `site_id = {site:UInt32}${after} AND ${name} <= ${lastDay}`
    : `site_id = {site:UInt32}${after} AND ${name} < toDate(fromUnixTimestamp64Milli({to:Int64}, 'UTC'), {tz:String})`
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
  ingest?: Pick<Ingest, 'isolate' | 'dropSetAside'>,
): Promise<EraseReport> {
  if (!ingest) return erase(store, site, scope)
  // A visit's rows are placed in time by their `timestamp` (see data-tables.ts), and a visit
  // that began in the range goes whole, so an open visit whose latest row is erased must not
  // be continued by the next hit.
  const within = (ms: number) => scope.kind === 'all' || (ms >= scope.from && ms < scope.to)
  const erased = (visit: { site_id: number; start: number; timestamp: number }) =>
    visit.site_id === site.id && (within(visit.timestamp) || within(visit.start))
  return ingest.isolate(erased, async (resume) => {
    // Hits the store refused for their content, kept in the spool's set-aside files, go too.
    await ingest.dropSetAside({ site: (id) => id === site.id, at: (_, ms) => within(ms) })
    return erase(store, site, scope, resume)
  })
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
  const tables = await findSiteDataTables(store)
  const views = scope.kind === 'all' ? [] : await findHourlyRollups(store)
  const rebuilt =
    scope.kind === 'range' && views.length > 0
      ? [
          ...new Set([
            ...cutHours(from, scope.to),
            ...(await visitHours(store, site.id, tables, from, scope.to)),
          ]),
        ]
      : []
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
          rebuilt,
        }
  const hourly: HourlyRollup[] = []
  for (const table of tables) {
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
  const rebuild = hourly.length > 0 ? rebuilt : []
  if (rebuild.length === 0) resume()
  for (const name of report.tables) await waitForMutations(store, name)
  if (rebuild.length > 0) await rebuildHours(store, site.id, rebuild, hourly)
  return report
}

/**
 * The start hours of visits that began before the range and have rows in it. Where such a
 * visit's latest row goes, the visit is gone from the visits table, but the rollup row of the
 * hour it began in, outside the range, still counts it: that hour is computed again.
 */
async function visitHours(
  store: Store,
  siteId: number,
  tables: SiteDataTable[],
  from: number,
  to: number,
): Promise<number[]> {
  const hours: number[] = []
  for (const table of tables) {
    if (!table.startColumn || !table.timeColumn || from <= 0) continue
    const start = quote(table.startColumn)
    const time = quote(table.timeColumn.name)
    const rows = await store.reader.query<{ hour: string | number }>(
      'erasedVisitHours',
      `SELECT DISTINCT toInt64(toUnixTimestamp(toStartOfHour(${start}))) * 1000 AS hour
       FROM ${quote(table.name)}
       WHERE site_id = {site:UInt32} AND ${start} < fromUnixTimestamp64Milli({fromHour:Int64}, 'UTC')
         AND ${time} >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
         AND ${time} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
      { site: siteId, fromHour: hourOf(from), from, to },
    )
    hours.push(...rows.map((r) => Number(r.hour)))
  }
  return hours
}

/**
 * Hourly rollups filled by a materialized view, found from system.tables like the site data
 * tables, so one added later is covered too.
 */
export async function findHourlyRollups(store: Store): Promise<HourlyRollup[]> {
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
 * Computes hourly rollup rows again, by each view's own SELECT, from the source rows that
 * remain; their old rows must be gone. A range that starts or ends inside an hour (a local
 * day in a zone with a half-hour offset, a retention cut-off) cuts that hour's row in two: its
 * sums hold visits from both sides.
 */
export async function rebuildHours(
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
export function cutHours(from: number, to: number): number[] {
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
