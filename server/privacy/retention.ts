import {
  cutHours,
  erasedRows,
  findHourlyRollups,
  findSiteDataTables,
  monthsBefore,
  rebuildHours,
  type HourlyRollup,
} from '../deletion'
import type { SiteDataTable } from '../deletion/data-tables'
import { hourOf } from '../deletion/erase'
import { dropSetAside } from '../ingest/set-aside'
import type { Logger } from '../log'
import { listAllSites } from '../sites/sites'
import type { Store } from '../store'

/** What one retention run removed. */
export interface RetentionReport {
  /** Whole monthly partitions dropped because they are older than every site's limit. */
  droppedPartitions: Array<{ table: string; partition: string }>
  /** Per-site deletions: rows older than the site's cutoff. */
  deleted: Array<{ table: string; siteId: number; rows: number; cutoff: number }>
  /** Spool lines the store refused (set aside) that were past their site's limit. */
  setAsideLines?: number
}

/**
 * Enforces every site's retention in ClickHouse. Monthly partitions older than the longest
 * limit of all sites are dropped whole (cheap, no rewrite); then, per site and table, rows
 * before the site's cutoff (`retentionMonths` calendar months before `now`) are deleted with
 * a synchronous mutation, the way a scheduled retention change erases them: a visit goes with
 * its start, and an hourly rollup's row for the hour the cutoff falls in is computed again from
 * what remains. The tables are those the deletion flow erases — every table with site data,
 * rollups and tables added later included. With `setAsideDir`, the hits the store refused and
 * the collector set aside (see ingest/set-aside.ts) are held to the same limits, and those of
 * sites that no longer exist go.
 */
export async function enforceRetention(
  store: Store,
  now: number,
  log?: Logger,
  setAsideDir?: string,
): Promise<RetentionReport> {
  const sites = await listAllSites(store)
  const report: RetentionReport = { droppedPartitions: [], deleted: [] }
  if (setAsideDir) {
    const cutoffs = new Map(
      sites.map((s) => [s.id, monthsBefore(now, s.settings.retentionMonths)] as const),
    )
    const lines = await dropSetAside(setAsideDir, {
      site: () => true,
      at: (id, ms) => ms < (cutoffs.get(id) ?? Infinity),
    })
    if (lines > 0) {
      report.setAsideLines = lines
      log?.info({ lines }, 'retention: removed set-aside spool lines past the limit')
    }
  }
  if (sites.length === 0) return report
  const longest = Math.max(...sites.map((s) => s.settings.retentionMonths))
  const monthly = await getMonthlyPartitioned(store)
  const rollups = await findHourlyRollups(store)
  // Per site, the rollups whose rows before the cutoff went (their cut hour is rebuilt).
  const cut = new Map<number, HourlyRollup[]>()
  for (const table of await findSiteDataTables(store)) {
    const column = table.timeColumn
    if (!column) continue
    const rollup =
      column.name === 'hour' && !column.isDate
        ? rollups.find((r) => r.table === table.name)
        : undefined
    // An hourly rollup's row stands for its whole hour: the partition of the hour the cutoff
    // falls in stays, so that row can be computed again.
    const before = monthsBefore(now, longest)
    if (monthly.get(table.name) === column.name)
      report.droppedPartitions.push(
        ...(await dropOldPartitions(store, table.name, rollup ? hourOf(before) : before)),
      )
    for (const site of sites) {
      const cutoff = monthsBefore(now, site.settings.retentionMonths)
      const rows = await deleteBefore(store, table, site, cutoff, rollup !== undefined)
      if (rows > 0) report.deleted.push({ table: table.name, siteId: site.id, rows, cutoff })
      if (rows > 0 && rollup) cut.set(site.id, [...(cut.get(site.id) ?? []), rollup])
    }
  }
  for (const site of sites) {
    const hours = cutHours(0, monthsBefore(now, site.settings.retentionMonths))
    const views = cut.get(site.id)
    if (views && hours.length > 0) await rebuildHours(store, site.id, hours, views)
  }
  if (report.droppedPartitions.length > 0 || report.deleted.length > 0)
    log?.info(report, 'retention: removed data past the retention limit')
  return report
}

/** Tables partitioned by toYYYYMM(column), with that column. */
async function getMonthlyPartitioned(store: Store): Promise<Map<string, string>> {
  const rows = await store.reader.query<{ name: string; partition_key: string }>(
    'getPartitionKeys',
    `SELECT name, partition_key FROM system.tables WHERE database = currentDatabase()`,
  )
  return new Map(
    rows.flatMap((r) => {
      const m = /^toYYYYMM\((\w+)\)$/.exec(r.partition_key.replace(/\s/g, ''))
      return m?.[1] ? [[r.name, m[1]] as const] : []
    }),
  )
}

async function dropOldPartitions(store: Store, table: string, before: number) {
  // A partition whose newest row is older than every site's cutoff holds nothing to keep.
  const parts = await store.reader.query<{ partition_id: string }>(
    'getExpiredPartitions',
    `SELECT partition_id FROM system.parts
     WHERE database = currentDatabase() AND table = {table:String} AND active
     GROUP BY partition_id
     HAVING max(max_time) < fromUnixTimestamp64Milli({before:Int64}, 'UTC')
     ORDER BY partition_id`,
    { table, before },
  )
  const dropped: Array<{ table: string; partition: string }> = []
  for (const { partition_id: id } of parts) {
    if (!/^[0-9A-Za-z_-]+$/.test(id)) continue
    await store.writer.command(`ALTER TABLE \`${table}\` DROP PARTITION ID '${id}'`)
    dropped.push({ table, partition: id })
  }
  return dropped
}

async function deleteBefore(
  store: Store,
  table: SiteDataTable,
  site: { id: number; timezone: string },
  cutoff: number,
  hourly: boolean,
) {
  // Day columns hold days in the site's time zone: a day goes once it lies wholly before the
  // cutoff. A visit goes with its start (all its rows), which is never after its rows' times.
  const scope = { kind: 'range', from: 0, to: cutoff, edges: 'contained' } as const
  const where = erasedRows(table, scope, hourly)
  if (!where) return 0
  const params = {
    site: site.id,
    from: 0,
    fromHour: 0,
    to: cutoff,
    lastMs: cutoff - 1,
    tz: site.timezone,
    rebuilt: [],
  }
  const [count] = await store.reader.query<{ rows: string | number }>(
    'countExpiredRows',
    `SELECT count() AS rows FROM \`${table.name}\` WHERE ${where}`,
    params,
  )
  const rows = Number(count?.rows ?? 0)
  // mutations_sync = 2: the statement returns once the rows are gone from disk.
  if (rows > 0)
    await store.writer.command(
      `ALTER TABLE \`${table.name}\` DELETE WHERE ${where} SETTINGS mutations_sync = 2`,
      params,
    )
  return rows
}
