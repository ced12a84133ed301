import type { Store } from '../store'

/** A finished day as its count record in sessions_hourly describes it. */
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

/** Rows of sessions_hourly in [statesFrom, statesBefore) of one site, or of every site. */
const HOURS = `(site_id = {statesSite:UInt32} OR {statesAll:Bool})
  AND hour >= fromUnixTimestamp64Milli({statesFrom:Int64}, 'UTC')
  AND hour < fromUnixTimestamp64Milli({statesBefore:Int64}, 'UTC')`

/**
 * Per site and UTC day of visit start: the sums every insert keeps current and the newest
 * count record (sql/0203_day_counted.sql), as one String (the tuple's text), so other queries
 * can carry the states along as rows of one column.
 */
export function dayStatesSql(): string {
  return `SELECT toString((site_id, day, sum(visits), sum(pageviews), sum(events), max(counted))) AS state
    FROM (SELECT site_id, toStartOfDay(hour) AS day, visits, pageviews, events, counted
      FROM sessions_hourly WHERE ${HOURS})
    GROUP BY site_id, day`
}

/** The parameters of dayStatesSql (named apart from the queries that carry it along). */
export const dayStatesParams = (where: { siteId?: number; from?: number; before?: number }) => ({
  statesSite: where.siteId ?? 0,
  statesAll: where.siteId === undefined,
  statesFrom: where.from ?? 0,
  statesBefore: where.before ?? 8_000_000_000_000,
})

/** A day's sums now and, if it is counted, its count. */
export interface DayState {
  sums: DaySums
  sealed: SealedDay | undefined
}

/** UTC date-time text ('2026-10-30 00:15:00') in milliseconds. */
const utcMs = (text: string | undefined) => Date.parse(`${(text ?? '').replace(' ', 'T')}Z`)

/**
 * Day states from dayStatesSql's `state` values, ordered by site and day. Each is the text of
 * (site, day, visits, pageviews, events, (generation, is counted, visits, pageviews, events,
 * first bucket, end)), numbers and quoted date-times only.
 */
export function parseDayStates(encoded: string[]): DayState[] {
  return encoded
    .map((text) => {
      const f = text.replace(/[()']/g, '').split(',')
      const n = (i: number) => Number(f[i])
      const sums = { siteId: n(0), dayMs: utcMs(f[1]), visits: n(2), pageviews: n(3), events: n(4) }
      const sealed =
        n(6) === 1
          ? {
              siteId: sums.siteId,
              dayMs: sums.dayMs,
              generation: n(5),
              visits: n(7),
              pageviews: n(8),
              events: n(9),
              firstMs: utcMs(f[10]),
              endMs: utcMs(f[11]),
            }
          : undefined
      return { sums, sealed }
    })
    .sort((a, b) => a.sums.siteId - b.sums.siteId || a.sums.dayMs - b.sums.dayMs)
}

/** The states of the days in [from, before) that have visits or a count record. */
export async function getDayStates(
  store: Store,
  where: { siteId?: number; from?: number; before?: number },
): Promise<DayState[]> {
  const rows = await store.reader.query<{ state: string }>(
    'getDayStates',
    dayStatesSql(),
    dayStatesParams(where),
  )
  return parseDayStates(rows.map((r) => r.state))
}

/** The current count of each finished day. */
export async function getSealedDays(
  store: Store,
  where: { siteId?: number; from?: number; before?: number },
): Promise<SealedDay[]> {
  return (await getDayStates(store, where)).flatMap((s) => (s.sealed ? [s.sealed] : []))
}

/** A row of a tagged union: `state` says what it is, the other columns carry it. */
export interface TaggedRow {
  value: string
  state: string
  visitors: string
  hits: string
}

/**
 * Runs `parts` (each selecting value, state, visitors and hits) as one query, with the day
 * states of `states` carried along as rows of their own, and returns the parts' rows and the
 * states apart: a query and the states that check its plan are read together.
 */
export async function queryWithStates(
  store: Store,
  name: string,
  parts: string[],
  params: Record<string, unknown>,
  states?: { siteId: number; from: number; before: number },
): Promise<{ rows: TaggedRow[]; states?: DayState[] }> {
  const all = states
    ? [
        ...parts,
        `SELECT '' AS value, concat('state:', state) AS state, toUInt64(0) AS visitors, toUInt64(0) AS hits FROM (${dayStatesSql()})`,
      ]
    : parts
  const rows =
    all.length === 0
      ? []
      : await store.reader.query<TaggedRow>(
          name,
          // An excluded visitors' set is small and not on the sort key: no index analysis with it.
          `SELECT value, state, visitors, hits FROM (${all.join(' UNION ALL ')})
           SETTINGS use_index_for_in_with_subqueries = 0`,
          states ? { ...params, ...dayStatesParams(states) } : params,
        )
  const encoded = rows.flatMap((r) => (r.state.startsWith('state:') ? [r.state.slice(6)] : []))
  return {
    rows: rows.filter((r) => !r.state.startsWith('state:')),
    ...(states && { states: parseDayStates(encoded) }),
  }
}
