import type { Store } from '../store'

/** A table holding site data, with the column that places a row in time (if any). */
export interface SiteDataTable {
  name: string
  timeColumn: { name: string; isDate: boolean } | undefined
  /**
   * For a table of visit versions (such as sessions): the visit's start, the same in every
   * row of a visit. A visit that began in an erased range goes whole, its later versions too:
   * each of them still says when and where it began.
   */
  startColumn: string | undefined
}

// Preferred names for "when". `timestamp` comes first: an event is placed by its time, and each
// row of a visit by its version's time, so the -1 row that cancels a version is placed (and
// erased) together with that version's +1 row.
const TIME_NAMES = ['timestamp', 'start', 'time', 'hour', 'date', 'day', 'period', 'bucket']
const DATE_TYPE = /^(?:Nullable\()?(?:LowCardinality\()?(Date|Date32|DateTime|DateTime64)\b/

/**
 * Every table in the database that holds site data: a MergeTree-family table with a `site_id`
 * column. Found from system.columns at run time, so rollups added later are covered too.
 * Configuration tables (those with a `deleted` column, ReplacingMergeTree(updated_at, deleted),
 * such as site_members) describe the site rather than its visitors and are left alone.
 */
export async function findSiteDataTables(store: Store): Promise<SiteDataTable[]> {
  const rows = await store.reader.query<{ table: string; engine: string; columns: string[][] }>(
    'findSiteDataTables',
    `SELECT c.table AS table, any(t.engine) AS engine, groupArray([c.name, c.type]) AS columns
     FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase()
     GROUP BY c.table
     HAVING has(groupArray(c.name), 'site_id') AND NOT has(groupArray(c.name), 'deleted')
     ORDER BY c.table`,
  )
  return rows
    .filter((r) => r.engine.includes('MergeTree') && safeIdentifier(r.table))
    .map((r) => {
      const timeColumn = pickTimeColumn(r.columns)
      return { name: r.table, timeColumn, startColumn: pickStartColumn(r.columns, timeColumn) }
    })
}

/**
 * The configuration tables of sites (a `site_id` and a `deleted` column, such as goals,
 * segments, site_members and the kept customer-key hashes): kept while the site exists.
 */
export async function findSiteConfigTables(store: Store): Promise<string[]> {
  const rows = await store.reader.query<{ table: string; engine: string }>(
    'findSiteConfigTables',
    `SELECT c.table AS table, any(t.engine) AS engine
     FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase()
     GROUP BY c.table
     HAVING has(groupArray(c.name), 'site_id') AND has(groupArray(c.name), 'deleted')
     ORDER BY c.table`,
  )
  return rows
    .filter((r) => r.engine.includes('MergeTree') && safeIdentifier(r.table))
    .map((r) => r.table)
}

function pickStartColumn(
  columns: string[][],
  time: SiteDataTable['timeColumn'],
): string | undefined {
  if (time?.name !== 'timestamp') return undefined
  const start = columns.find(([name]) => name === 'start')
  const m = start?.[1] ? DATE_TYPE.exec(start[1]) : null
  return m?.[1]?.startsWith('DateTime') ? 'start' : undefined
}

function pickTimeColumn(columns: string[][]): SiteDataTable['timeColumn'] {
  const dated = columns.flatMap(([name, type]) => {
    const m = name !== undefined && type !== undefined ? DATE_TYPE.exec(type) : null
    return m && name ? [{ name, isDate: m[1] === 'Date' || m[1] === 'Date32' }] : []
  })
  const rank = (n: string) => {
    const i = TIME_NAMES.indexOf(n)
    return i === -1 ? TIME_NAMES.length : i
  }
  return dated.sort((a, b) => rank(a.name) - rank(b.name))[0]
}

/** Table names come from system tables, but are still checked before they reach SQL text. */
export function safeIdentifier(name: string): boolean {
  return /^[A-Za-z0-9_.\-]{1,200}$/.test(name)
}

/** Quotes a checked identifier for ClickHouse. */
export function quote(name: string): string {
  if (!safeIdentifier(name)) throw new Error(`unsafe identifier ${JSON.stringify(name)}`)
  return '`' + name + '`'
}
