import { addDays } from './date-range'
import type { ParamBag } from './params'
import { startOfLocalDay } from './time-labels'
import type { StatsQuery, TimeWindow } from './query'

/** The window as UTC instants [from, to): local midnights found in the zone's own rules. */
export function windowBounds(window: TimeWindow, tz: string): [number, number] {
  if (window.kind === 'instants') return [window.fromMs, window.toMs]
  return [startOfLocalDay(window.from, tz), startOfLocalDay(addDays(window.to, 1), tz)]
}

/**
 * The condition that puts `column` inside the window: a plain range of instants, so the sort
 * key prunes parts and no row needs a time-zone conversion. The local midnights are resolved
 * beforehand (exact across DST changes, including days whose midnight does not exist).
 */
export function windowCondition(
  column: string,
  window: TimeWindow,
  tz: string,
  params: ParamBag,
  slackMs = 0,
): string {
  const [from, to] = windowBounds(window, tz)
  return `${column} >= fromUnixTimestamp64Milli(${params.add(from - slackMs, 'Int64')}) AND ${column} < fromUnixTimestamp64Milli(${params.add(to, 'Int64')}) AND ${dayCondition(column, from - slackMs, to, params)}`
}

/**
 * The same range on the UTC day of `column`: events and visits are sorted by that day, and
 * ClickHouse prunes by the sort key only with a condition on the key's own expression.
 */
export function dayCondition(column: string, from: number, to: number, params: ParamBag): string {
  const day = (ms: number) => new Date(Math.max(0, ms)).toISOString().slice(0, 10)
  return `toDate(${column}) >= ${params.add(day(from), 'Date')} AND toDate(${column}) <= ${params.add(day(to - 1), 'Date')}`
}

/** The label expression of a time bucket, as a string in the site's zone. */
export function timeBucket(
  column: string,
  granularity: StatsQuery['timeGranularity'],
  window: TimeWindow,
  tz: string,
  params: ParamBag,
): string {
  const zone = params.add(tz, 'String')
  switch (granularity) {
    case 'minute':
      return `formatDateTime(toStartOfMinute(${column}), '%Y-%m-%d %H:%i:00', ${zone})`
    case 'hour':
      return `formatDateTime(toStartOfHour(${column}, ${zone}), '%Y-%m-%d %H:00:00', ${zone})`
    case 'day':
      return `toString(toDate(${column}, ${zone}))`
    case 'week': {
      // A week cut by the start of the window is labelled by the window's first day.
      const monday = `toMonday(toDate(${column}, ${zone}))`
      return window.kind === 'dates'
        ? `toString(greatest(${monday}, ${params.add(window.from, 'Date')}))`
        : `toString(${monday})`
    }
    case 'month':
      return `toString(toStartOfMonth(toDate(${column}, ${zone})))`
  }
}
