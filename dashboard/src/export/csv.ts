// CSV as RFC 4180 describes it, plus a guard against spreadsheet formula injection.
import type { StatsResult } from '../lib/stats-client'

type Cell = string | number | null | undefined

/** One field: quoted when it holds a comma, quote or line break; formulas neutralised. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  // A text starting with = + - @ would run as a formula in spreadsheet programs (OWASP CSV
  // injection); a leading apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Rows to CSV text with CRLF line ends. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/**
 * A Stats API answer as CSV: one column per dimension, then one per metric, named as in
 * the API ("visit:source", "visitors"), values exactly as the API returned them.
 */
export function resultToCsv(dimensions: string[], metrics: string[], result: StatsResult): string {
  return toCsv(
    [...dimensions, ...metrics],
    result.results.map((r) => [...r.dimensions, ...r.metrics]),
  )
}

/** Offers a file for download without leaving the page. */
export function downloadFile(name: string, data: Blob) {
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file-name-safe stem: "shop.example.de_sources-channels_2026-10-24_2026-11-20". */
export function exportName(domain: string, part: string, range: unknown): string {
  const r = Array.isArray(range) ? range.join('_') : String(range)
  return `${domain}_${part}_${r}`.replace(/[^\w.-]+/g, '-')
}
