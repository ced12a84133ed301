import type { StatsResponse } from '../stats/run-stats-query'

type Cell = string | number | null

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that
 * starts with = + - @ would run as a formula in a spreadsheet (OWASP "CSV injection"), so it
 * gets a leading apostrophe; numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * A Stats API answer as CSV: a column per dimension, then per metric, named as in the API
 * ("visit:source", "visitors"); with a comparison, each metric's previous value and change.
 */
export function reportToCsv(
  response: StatsResponse,
  dimensions: string[],
  metrics: string[],
): string {
  const compared = response.results.some((r) => r.comparison)
  const header = [
    ...dimensions,
    ...metrics,
    ...(compared ? metrics.flatMap((m) => [`${m} (previous)`, `${m} (change %)`]) : []),
  ]
  const rows = response.results.map((r) => [
    ...r.dimensions,
    ...r.metrics,
    ...(compared
      ? metrics.flatMap((_, i) => [
          r.comparison?.metrics[i] ?? null,
          r.comparison?.change[i] ?? null,
        ])
      : []),
  ])
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}
