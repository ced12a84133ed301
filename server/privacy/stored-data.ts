import { findSiteDataTables } from '../deletion'
import type { Store } from '../store'
import { listSiteTables } from './site-tables'
import { neverStored } from './texts/features'

export interface StoredTable {
  name: string
  /** Rows kept for this site. */
  rows: number
  columns: Array<{ name: string; type: string; comment: string }>
  /** The newest row of this site, secrets hidden; undefined when the site has none. */
  example: Record<string, unknown> | undefined
  /** The column retention goes by; undefined for configuration, kept while the site exists. */
  timeColumn: string | undefined
}

export interface StoredData {
  tables: StoredTable[]
  neverStored: { en: string[]; de: string[] }
}

// Credentials stay credentials even in their hashed form; the page shows they exist, not them.
const SECRET = /hash|secret|token|password/i

/**
 * Everything Spur keeps for a site, read from the database itself: each table with a
 * site_id column, its columns and types, how many rows the site has and its newest row.
 */
export async function getStoredData(store: Store, siteId: number): Promise<StoredData> {
  // Retention and erasure go by the time column the deletion flow picks; show that one.
  const dated = new Map(
    (await findSiteDataTables(store)).map((t) => [t.name, t.timeColumn?.name] as const),
  )
  const tables: StoredTable[] = []
  for (const table of await listSiteTables(store)) {
    const timeColumn = dated.get(table.name)
    const order = timeColumn ? `ORDER BY \`${timeColumn}\` DESC` : ''
    const [count] = await store.reader.query<{ rows: string | number }>(
      'countSiteRows',
      `SELECT count() AS rows FROM \`${table.name}\` WHERE site_id = {site:UInt32}`,
      { site: siteId },
    )
    const [row] = await store.reader.query<Record<string, unknown>>(
      'getExampleRow',
      `SELECT * FROM \`${table.name}\` WHERE site_id = {site:UInt32} ${order} LIMIT 1`,
      { site: siteId },
    )
    tables.push({
      name: table.name,
      rows: Number(count?.rows ?? 0),
      columns: table.columns,
      example: row && hideSecrets(row),
      timeColumn,
    })
  }
  return { tables, neverStored: { en: neverStored('en'), de: neverStored('de') } }
}

function hideSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, SECRET.test(k) && v !== '' ? '(hidden)' : v]),
  )
}
