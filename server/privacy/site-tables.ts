import type { Store } from '../store'

/** A table in Spur's database that holds rows per site (it has a site_id column). */
export interface SiteTable {
  name: string
  columns: Array<{ name: string; type: string; comment: string }>
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Every MergeTree table of the current database with a site_id column, configuration
 * included, with its columns in order — found in system.columns, so a table another part of
 * Spur adds later is listed without a list here.
 */
export async function listSiteTables(store: Store): Promise<SiteTable[]> {
  const columns = await store.reader.query<{
    table: string
    name: string
    type: string
    comment: string
  }>(
    'listSiteTableColumns',
    `SELECT table, name, type, comment FROM system.columns
     WHERE database = currentDatabase()
       AND table IN (SELECT table FROM system.columns
                     WHERE database = currentDatabase() AND name = 'site_id')
       AND table IN (SELECT name FROM system.tables
                     WHERE database = currentDatabase() AND engine LIKE '%MergeTree')
     ORDER BY table, position`,
  )
  const tables = new Map<string, SiteTable>()
  for (const c of columns) {
    if (!IDENTIFIER.test(c.table)) continue
    const table = tables.get(c.table) ?? { name: c.table, columns: [] }
    table.columns.push({ name: c.name, type: c.type, comment: c.comment })
    tables.set(c.table, table)
  }
  return [...tables.values()]
}
