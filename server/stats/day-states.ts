import type { Store } from '../store'

/** A finished day as day_rollup_days records it. */
export interface SealedDay {
  siteId: number
  /** UTC midnight of the salt day. */
  dayMs: number
  generation: number
  visits: number
  pageviews: number
  events: number
  /** First 15-minute bucket with data, and the end of the last one. */
  firstMs: number
  endMs: number
}

export interface DaySums {
  siteId: number
  dayMs: number
  visits: number
  pageviews: number
  events: number
}

export const sameSums = (a: Omit<DaySums, 'siteId' | 'dayMs'>, b: typeof a) =>
  a.visits === b.visits && a.pageviews === b.pageviews && a.events === b.events

/** Per UTC day of visit start: the sums of sessions_hourly, which every insert keeps current. */
export async function getDaySums(
  store: Store,
  where: { siteId?: number; from?: number; before?: number },
): Promise<DaySums[]> {
  const rows = await store.reader.query<Record<string, string | number>>(
    'getDaySums',
    `SELECT site_id, toUnixTimestamp(toStartOfDay(hour)) * 1000 AS day_ms, sum(visits) AS visits,
       sum(pageviews) AS pageviews, sum(events) AS events
     FROM sessions_hourly
     WHERE (site_id = {site:UInt32} OR {all:Bool})
       AND hour >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
       AND hour < fromUnixTimestamp64Milli({before:Int64}, 'UTC')
     GROUP BY site_id, day_ms ORDER BY site_id, day_ms`,
    {
      site: where.siteId ?? 0,
      all: where.siteId === undefined,
      from: where.from ?? 0,
      before: where.before ?? 8_000_000_000_000,
    },
  )
  return rows.map((r) => ({
    siteId: Number(r.site_id),
    dayMs: Number(r.day_ms),
    visits: Number(r.visits),
    pageviews: Number(r.pageviews),
    events: Number(r.events),
  }))
}

/** A day's sums now and, if it was counted, its count (generation 0: not counted). */
export interface DayState {
  sums: DaySums
  sealed: SealedDay | undefined
}

/** The columns of a day state, in the order dayStatesSql gives them. */
const STATE_COLUMNS = [
  'counted',
  'day_ms',
  'generation',
  'visits',
  'pageviews',
  'events',
  'first_ms',
  'end_ms',
] as const

/**
 * The day states of [statesFrom, statesBefore) for site statesSite, as one SELECT of one
 * String column, `state` (the columns joined by ':'), so other queries can carry them along.
 */
export function dayStatesSql(): string {
  const range = (column: string) => `site_id = {statesSite:UInt32}
    AND ${column} >= fromUnixTimestamp64Milli({statesFrom:Int64}, 'UTC')
    AND ${column} < fromUnixTimestamp64Milli({statesBefore:Int64}, 'UTC')`
  // Two reads side by side (cheaper than joining them).
  return `SELECT arrayStringConcat([${STATE_COLUMNS.map((c) => `toString(${c})`).join(', ')}], ':') AS state
    FROM (
      SELECT 0 AS counted, toUnixTimestamp(toStartOfDay(hour)) * 1000 AS day_ms, 0 AS generation,
        sum(visits) AS visits, sum(pageviews) AS pageviews, sum(events) AS events,
        0 AS first_ms, 0 AS end_ms
      FROM sessions_hourly WHERE ${range('hour')} GROUP BY day_ms
      UNION ALL
      SELECT 1, toUnixTimestamp(day) * 1000, generation, visits, pageviews, events,
        toUnixTimestamp(first_bucket) * 1000, toUnixTimestamp(end_bucket) * 1000
      FROM day_rollup_days FINAL WHERE ${range('day')})`
}

/** The parameters of dayStatesSql. */
export const dayStatesParams = (where: { siteId: number; from: number; before: number }) => ({
  statesSite: where.siteId,
  statesFrom: where.from,
  statesBefore: where.before,
})

/** Day states from dayStatesSql's `state` values. */
export function parseDayStates(siteId: number, encoded: string[]): DayState[] {
  const states = new Map<number, DayState>()
  for (const text of encoded) {
    const [counted, dayMs, generation, visits, pageviews, events, firstMs, endMs] = text
      .split(':')
      .map(Number) as number[] & { length: 8 }
    const day = dayMs ?? 0
    const state = states.get(day) ?? {
      sums: { siteId, dayMs: day, visits: 0, pageviews: 0, events: 0 },
      sealed: undefined,
    }
    const sums = { visits: visits ?? 0, pageviews: pageviews ?? 0, events: events ?? 0 }
    if (counted === 0) state.sums = { ...state.sums, ...sums }
    else
      state.sealed = {
        siteId,
        dayMs: day,
        generation: generation ?? 0,
        ...sums,
        firstMs: firstMs ?? 0,
        endMs: endMs ?? 0,
      }
    states.set(day, state)
  }
  return [...states.values()].sort((a, b) => a.sums.dayMs - b.sums.dayMs)
}

/** The days in [from, before) that have visits or a count. */
export async function getDayStates(
  store: Store,
  where: { siteId: number; from: number; before: number },
): Promise<DayState[]> {
  const rows = await store.reader.query<{ state: string }>(
    'getDayStates',
    dayStatesSql(),
    dayStatesParams(where),
  )
  return parseDayStates(
    where.siteId,
    rows.map((r) => r.state),
  )
}

/** The current count of each finished day. */
export async function getSealedDays(
  store: Store,
  where: { siteId?: number; from?: number; before?: number },
): Promise<SealedDay[]> {
  const rows = await store.reader.query<Record<string, string | number>>(
    'getSealedDays',
    `SELECT site_id, toUnixTimestamp(day) * 1000 AS day_ms, generation, visits, pageviews, events,
       toUnixTimestamp(first_bucket) * 1000 AS first_ms, toUnixTimestamp(end_bucket) * 1000 AS end_ms
     FROM day_rollup_days FINAL
     WHERE (site_id = {site:UInt32} OR {all:Bool})
       AND day >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
       AND day < fromUnixTimestamp64Milli({before:Int64}, 'UTC')
     ORDER BY site_id, day_ms`,
    {
      site: where.siteId ?? 0,
      all: where.siteId === undefined,
      from: where.from ?? 0,
      before: where.before ?? 8_000_000_000_000,
    },
  )
  return rows.map((r) => ({
    siteId: Number(r.site_id),
    dayMs: Number(r.day_ms),
    generation: Number(r.generation),
    visits: Number(r.visits),
    pageviews: Number(r.pageviews),
    events: Number(r.events),
    firstMs: Number(r.first_ms),
    endMs: Number(r.end_ms),
  }))
}
