import { isTimeDimension } from './dimensions'
import { HOURLY_METRICS, type SqlMetric } from './metrics-sql'
import type { Granularity, TimeWindow } from './query'
import { offsetName } from './time-labels'
import { windowBounds } from './window-sql'

const HOUR_MS = 3_600_000

function offsetMinutes(ms: number, timezone: string): number {
  const name = offsetName(ms, timezone)
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

/** True when every local hour of the zone in the window is a whole UTC hour (not +05:30). */
function wholeHourZone(timezone: string, from: number, to: number): boolean {
  // Offsets change at most twice a year; sampling every 30 days and both ends sees each one.
  for (let t = from; t < to + 30 * 86_400_000; t += 30 * 86_400_000)
    if (offsetMinutes(Math.min(t, to), timezone) % 60 !== 0) return false
  return true
}

/**
 * Whether the hourly rollup gives exactly what the visits table would: no filters, at most a
 * time dimension no finer than an hour, rollup metrics only, a window made of whole UTC hours
 * and a zone whose offset is whole hours.
 */
export function canUseHourlyRollup(r: {
  dimensions: string[]
  metrics: SqlMetric[]
  filters: unknown[]
  window: TimeWindow
  timezone: string
  granularity: Granularity
  segmentMerge?: unknown
}): boolean {
  if (r.filters.length > 0 || r.segmentMerge) return false
  if (!r.dimensions.every((d) => isTimeDimension(d) && d !== 'time:minute')) return false
  if (r.dimensions.includes('time') && r.granularity === 'minute') return false
  if (!r.metrics.every((m) => HOURLY_METRICS.includes(m))) return false
  const [from, to] = windowBounds(r.window, r.timezone)
  if (from % HOUR_MS !== 0 || to % HOUR_MS !== 0) return false
  return wholeHourZone(r.timezone, from, to)
}
