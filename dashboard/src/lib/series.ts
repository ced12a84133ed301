// Turns Stats API time rows into uPlot's columnar shape (see components/chart.ts).
import type { StatsResult } from './stats-client'

/** "2026-11-20" or "2026-11-20 14:00:00" (site-local) → seconds, the wall time read as UTC. */
export function labelToSeconds(label: string): number {
  const iso = label.length <= 10 ? `${label}T00:00:00Z` : `${label.replace(' ', 'T')}Z`
  return Date.parse(iso) / 1000
}

/** Seconds (wall time as UTC) → "2026-11-20 14:00:00", the inverse of labelToSeconds. */
export function secondsToLabel(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * Columns for uPlot: `[xs, ys, compareYs?]`. Every label in `meta.time_labels` gets a point
 * (0 where no row has data); comparison values come from each row's `comparison` block.
 */
export function toSeries(
  result: StatsResult,
  withComparison: boolean,
): [number[], Array<number | null>, Array<number | null>?] {
  const byLabel = new Map(result.results.map((r) => [r.dimensions[0] ?? '', r]))
  const labels = result.meta.time_labels ?? result.results.map((r) => r.dimensions[0] ?? '')
  const xs = labels.map(labelToSeconds)
  const ys = labels.map((l) => byLabel.get(l)?.metrics[0] ?? 0)
  if (!withComparison) return [xs, ys]
  const compare = labels.map((l) => {
    const c = byLabel.get(l)?.comparison
    // A compared bucket whose numbers are withheld (k-anonymity) is a gap, not a 0.
    return c ? (c.metrics[0] ?? null) : null
  })
  return [xs, ys, compare]
}
