import { addDays, addMonths, zoneFormatter } from './date-range'
import type { StatsQuery, TimeWindow } from './query'

const HOUR_MS = 3_600_000

function localMinute(ms: number, timezone: string): string {
  const parts = zoneFormatter('minute', timezone).formatToParts(ms)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:00`
}

const localHour = (ms: number, timezone: string) =>
  `${localMinute(ms, timezone).slice(0, 13)}:00:00`

/**
 * Every bucket label of a window, in order, as the SQL labels them: a day that skips an hour
 * (spring DST) has 23 hour labels, a day that repeats one has 24 (the repeat shares a label).
 */
export function timeLabels(
  window: TimeWindow,
  granularity: StatsQuery['timeGranularity'],
  timezone: string,
): string[] {
  const [fromMs, toMs] =
    window.kind === 'instants'
      ? [window.fromMs, window.toMs]
      : [
          Date.parse(`${window.from}T00:00:00Z`) - 15 * HOUR_MS,
          Date.parse(`${addDays(window.to, 1)}T00:00:00Z`) + 15 * HOUR_MS,
        ]
  const [fromDay, toDay] =
    window.kind === 'dates'
      ? [window.from, window.to]
      : [localHour(fromMs, timezone).slice(0, 10), localHour(toMs - 1, timezone).slice(0, 10)]
  if (granularity === 'hour' || granularity === 'minute') {
    const step = granularity === 'hour' ? HOUR_MS : 60_000
    const labelOf = (t: number) =>
      granularity === 'hour' ? localHour(t, timezone) : localMinute(t, timezone)
    const labels = new Set<string>()
    // Local hours need not begin on a UTC hour (+05:30, +05:45): an hour after the window's
    // first instant is in the next local hour, and the last instant names the last one.
    const first = window.kind === 'instants' ? fromMs : Math.floor(fromMs / step) * step
    for (let t = first; t < toMs; t += step) {
      const label = labelOf(t)
      const day = label.slice(0, 10)
      if (day >= fromDay && day <= toDay) labels.add(label)
    }
    if (window.kind === 'instants' && toMs > fromMs) labels.add(labelOf(toMs - 1))
    return [...labels]
  }
  const labels: string[] = []
  if (granularity === 'day') for (let d = fromDay; d <= toDay; d = addDays(d, 1)) labels.push(d)
  else if (granularity === 'week') {
    const dow = (new Date(`${fromDay}T00:00:00Z`).getUTCDay() + 6) % 7
    labels.push(window.kind === 'dates' ? fromDay : addDays(fromDay, -dow))
    for (let d = addDays(fromDay, 7 - dow); d <= toDay; d = addDays(d, 7)) labels.push(d)
  } else for (let d = `${fromDay.slice(0, 8)}01`; d <= toDay; d = addMonths(d, 1)) labels.push(d)
  return labels
}

/** The zone's offset at an instant as Intl names it ('GMT+01:00', 'GMT' for none). */
export function offsetName(ms: number, timezone: string): string {
  return (
    zoneFormatter('offset', timezone)
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  )
}

/** The offset of a zone at an instant, as +01:00. */
function offsetAt(ms: number, timezone: string): string {
  const name = offsetName(ms, timezone)
  return name === 'GMT' ? '+00:00' : name.slice(3)
}

/** An instant as ISO 8601 with the zone's offset, to the second. */
export function isoInZone(ms: number, timezone: string): string {
  const local = localHour(ms, timezone).slice(0, 13)
  const mmss = new Date(ms).toISOString().slice(13, 19)
  return `${local.replace(' ', 'T')}${mmss}${offsetAt(ms, timezone)}`
}

const dayStarts = new Map<string, number>()

/** The first instant of a local day (a day whose midnight is skipped starts at 01:00). */
export function startOfLocalDay(date: string, timezone: string): number {
  // Every query needs a few of these, a time series one per bucket, and a zone's days do not move.
  const key = `${timezone} ${date}`
  const known = dayStarts.get(key)
  if (known !== undefined) return known
  const base = Date.parse(`${date}T00:00:00Z`)
  let start = midnightByOffset(date, base, timezone)
  if (start === undefined) {
    // Midnight is skipped or repeated: the first quarter hour (every offset is whole quarters)
    // of that date.
    start = base
    for (let t = base - 15 * HOUR_MS; t <= base + 15 * HOUR_MS; t += 15 * 60_000)
      if (localHour(t, timezone).slice(0, 10) === date) {
        start = t
        break
      }
  }
  if (dayStarts.size >= 10_000) dayStarts.clear()
  dayStarts.set(key, start)
  return start
}

/**
 * Local midnight from the zone's offset at UTC midnight, in two lookups instead of a scan of
 * up to 120 (a year by the day needs 730 of these): only when that instant is 00:00 of the
 * date and the hour before it is not of the date too (a midnight that repeats).
 */
function midnightByOffset(date: string, base: number, timezone: string): number | undefined {
  const name = offsetName(base, timezone)
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name)
  const offsetMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0
  const t = base - offsetMs
  if (localMinute(t, timezone) !== `${date} 00:00:00`) return undefined
  return localHour(t - HOUR_MS, timezone).slice(0, 10) < date ? t : undefined
}

/** The window as a pair of ISO datetimes with offsets, for the response's query echo. */
export function windowIso(window: TimeWindow, timezone: string): [string, string] {
  if (window.kind === 'instants')
    return [isoInZone(window.fromMs, timezone), isoInZone(window.toMs - 1000, timezone)]
  const end = startOfLocalDay(addDays(window.to, 1), timezone) - 1000
  return [isoInZone(startOfLocalDay(window.from, timezone), timezone), isoInZone(end, timezone)]
}
