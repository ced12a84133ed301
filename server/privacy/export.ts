import type { Store } from '../store'

export const EXPORT_TABLES = ['events', 'sessions'] as const
export type ExportTable = (typeof EXPORT_TABLES)[number]
export const EXPORT_FORMATS = ['csv', 'parquet'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportRequest {
  siteId: number
  /** IANA zone the date range is meant in (the site's). */
  timezone: string
  table: ExportTable
  format: ExportFormat
  /** First and last day of the range, YYYY-MM-DD, both included. */
  from: string
  to: string
}

const CLICKHOUSE_FORMAT: Record<ExportFormat, string> = {
  csv: 'CSVWithNames',
  parquet: 'Parquet',
}

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
}

// Midnight of `from` and of the day after `to`, both in the site's time zone.
const RANGE = (column: string) =>
  `${column} >= toDateTime({from:Date}, {tz:String})
   AND ${column} < toDateTime({to:Date} + 1, {tz:String})`

// Visits are stored as state changes (sign ±1); FINAL collapses them to each visit's last
// state, and the bookkeeping columns are left out.
const SQL: Record<ExportTable, string> = {
  events: `SELECT * FROM events
    WHERE site_id = {site:UInt32} AND ${RANGE('timestamp')}
    ORDER BY timestamp, visitor_id`,
  sessions: `SELECT * EXCEPT (sign, version) FROM sessions FINAL
    WHERE site_id = {site:UInt32} AND sign = 1 AND ${RANGE('start')}
    ORDER BY start, session_id`,
}

/**
 * Streams a site's raw events or visits for a date range as CSV (with a header row) or
 * Parquet. Rows never pass through the JavaScript heap as a whole, so a range of millions
 * of rows exports in bounded memory. Times are UTC, as stored.
 */
export function streamExport(store: Store, request: ExportRequest): Promise<NodeJS.ReadableStream> {
  return store.reader.stream(
    `export_${request.table}`,
    SQL[request.table],
    { site: request.siteId, tz: request.timezone, from: request.from, to: request.to },
    CLICKHOUSE_FORMAT[request.format],
  )
}

/** A download name such as spur-example.com-events-2026-01-01-2026-01-31.csv. */
export function exportFileName(domain: string, request: ExportRequest): string {
  const ext = request.format === 'csv' ? 'csv' : 'parquet'
  return `spur-${domain}-${request.table}-${request.from}-${request.to}.${ext}`
}
