import type { Store } from '../store'
import { compilePart, type PartSpec } from './compile'
import { CountedMemo } from './counted-memo'
import { cutOf, type Plan, type StatesRange } from './day-plan'
import { queryWithStates, type DayState, type TaggedRow } from './day-states'
import { isEventDimension } from './dimensions'
import type { RowsRequest } from './fetch-rows'
import type { SqlMetric } from './metrics-sql'

const DAY_MS = 86_400_000

/** What the counted days of a window hold: visitors (and hits) per value, and all visitors. */
interface CountedPart {
  counts: Map<string, { visitors: number; hits: number }>
  total: number
}

/** About 10 MB: a breakdown keeps one entry per value. */
const counted = new CountedMemo<CountedPart>(100_000)

/** Visitors (and hits) per value, and all visitors of the window when asked. */
export interface Counts {
  counts: Map<string, { visitors: number; hits: number }>
  total?: number
  rest?: Partial<Record<SqlMetric, number>>
}

/**
 * The part of a request the uncounted days answer: their visitors only (visits started since
 * `liveFrom`, and their hits) within the window, from the table the engine would read.
 */
export function livePart(
  r: RowsRequest,
  liveFrom: number,
  dimension: string | undefined,
  hits: SqlMetric | undefined,
  names: string[] | undefined,
): PartSpec {
  // Stored values, as the counted days hold them: country codes, event names.
  const dimensions =
    dimension === undefined
      ? []
      : [names ? 'event:name' : dimension === 'visit:country_name' ? 'visit:country' : dimension]
  const metrics: SqlMetric[] = hits ? ['visitors', hits] : ['visitors']
  const spec = {
    siteId: r.siteId,
    timezone: r.timezone,
    window: r.window,
    granularity: r.granularity,
    dimensions,
    metrics,
    filters: names
      ? [{ op: 'is' as const, dimension: 'event:name', values: names, caseSensitive: true }]
      : [],
    goals: r.goals,
    since: liveFrom,
    // Hits after midnight of the last counted day's visitors are in that day's count.
    excludeVisitorsStarted: [liveFrom - DAY_MS, liveFrom] as [number, number],
  }
  // Visits rather than the hourly rollup: a day of visits is cheaper to count than a day of
  // hourly visitor sets is to merge.
  const table = isEventDimension(dimensions[0] ?? '') ? 'events' : 'sessions'
  return { ...spec, table }
}

/**
 * Visitors (and hits) per value of one dim over one window: the counted days from day_rollup
 * and the uncounted ones from the tables, added up in one query.
 */
export async function countVisitors(
  store: Store,
  r: RowsRequest,
  [from, to]: [number, number],
  plan: Plan,
  what: {
    dim: string
    dimension?: string
    hits?: SqlMetric
    names?: string[]
    /** Also all visitors of the window (the base of percentages and conversion rates). */
    withTotal?: boolean
    /** Also these metrics without dimensions, in the same query (one row of sums). */
    rest?: PartSpec
  },
  states?: StatesRange,
): Promise<{ value: Counts; states?: DayState[]; keep?: () => void }> {
  const cuts = plan.days.flatMap((day) => {
    const cut = cutOf(day, [from, to])
    return cut ? [{ day, cut }] : []
  })
  // Each counted day's role in the window: 1 inside it, 2 cut by its start, 3 cut by its end.
  const roles = { inside: 1, from: 2, to: 3 } as const
  const parts: string[] = []
  let params: Record<string, unknown> = {
    site: r.siteId,
    dim: what.dim,
    dims: what.withTotal ? [what.dim, ''] : [what.dim],
    from: from / 1000,
    to: to / 1000,
    generations: cuts.map((c) => c.day.generation),
    days: cuts.map((c) => c.day.dayMs / 1000),
    roles: cuts.map((c) => roles[c.cut]),
    // A plain range on the sort key (site, kind, dim, day).
    firstDay: Math.min(0x7fffffff, ...cuts.map((c) => c.day.dayMs / 1000)),
    lastDay: Math.max(0, ...cuts.map((c) => c.day.dayMs / 1000)),
    // The 15-minute rows are read only for the days the window cuts.
    cutDays: cuts.filter((c) => c.cut !== 'inside').map((c) => c.day.dayMs / 1000),
    allValues: what.names === undefined,
    values: what.names ?? [],
  }
  // The counted days' part is the same for as long as their generations are: kept in memory.
  const memoKey = JSON.stringify([
    r.siteId,
    params.dims,
    what.names,
    from,
    to,
    cuts.map((c) => [c.day.dayMs, c.day.generation, roles[c.cut]]),
  ])
  const remembered = cuts.length > 0 ? counted.get(store, memoKey) : undefined
  if (cuts.length > 0 && !remembered)
    parts.push(`SELECT toString(value) AS value, state,
       sum(multiIf(role = 1 AND kind = 0, first_n,
         role = 2 AND kind = 1 AND at >= {from:UInt32}, last_n,
         role = 3 AND kind = 1 AND at < {to:UInt32}, first_n, 0)) AS visitors,
       sum(multiIf(role = 1 AND kind = 0, hits,
         role > 1 AND kind = 1 AND at >= {from:UInt32} AND at < {to:UInt32}, hits, 0)) AS hits
     FROM (
       SELECT value, kind, first_n, last_n, hits, toUInt32(bucket) AS at,
         transform(toUInt32(day), {days:Array(UInt32)}, {roles:Array(UInt8)}, 0) AS role,
         if(dim = {dim:String}, 'counted', 'counted total') AS state
       FROM day_rollup
       WHERE site_id = {site:UInt32} AND dim IN {dims:Array(String)}
         AND ((kind = 0 AND day >= toDateTime({firstDay:UInt32}, 'UTC')
             AND day <= toDateTime({lastDay:UInt32}, 'UTC'))
           OR (kind = 1 AND day IN {cutDays:Array(DateTime('UTC'))}))
         AND generation IN {generations:Array(UInt64)}
         AND (dim != {dim:String} OR {allValues:Bool} OR value IN {values:Array(String)})
     )
     WHERE (role = 1 AND kind = 0) OR (role > 1 AND kind = 1)
     GROUP BY value, state`)
  if (plan.liveFrom !== undefined && plan.liveFrom < to) {
    const live = compilePart(livePart(r, plan.liveFrom, what.dimension, what.hits, what.names))
    params = { ...params, ...live.params }
    const value = what.dimension === undefined ? "''" : 'toString(d0)'
    const hits = what.hits ? `toUInt64(m_${what.hits})` : 'toUInt64(0)'
    parts.push(
      `SELECT ${value} AS value, '' AS state, toUInt64(m_visitors) AS visitors, ${hits} AS hits FROM (${live.sql})`,
    )
    if (what.withTotal) {
      const total = compilePart(livePart(r, plan.liveFrom, undefined, undefined, undefined), 't')
      params = { ...params, ...total.params }
      parts.push(
        `SELECT '' AS value, 'total' AS state, toUInt64(m_visitors) AS visitors, toUInt64(0) AS hits FROM (${total.sql})`,
      )
    }
  }
  if (what.rest) {
    const rest = compilePart(what.rest, 'r')
    params = { ...params, ...rest.params }
    const values = what.rest.metrics.map((m) => `toString(m_${m})`).join(', ')
    parts.push(
      `SELECT arrayStringConcat([${values}], ':') AS value, 'rest' AS state, toUInt64(0) AS visitors, toUInt64(0) AS hits FROM (${rest.sql})`,
    )
  }
  const read = await queryWithStates(store, 'getDayRollupCounts', parts, params, states)
  const fromCounted: CountedPart = remembered ?? { counts: new Map(), total: 0 }
  const counts = new Map(fromCounted.counts)
  let total = fromCounted.total
  // No visit in the window: no row of sums, and every sum is 0 (as the engine answers).
  const rest = Object.fromEntries((what.rest?.metrics ?? []).map((m) => [m, 0]))
  const add = (map: Map<string, { visitors: number; hits: number }>, row: TaggedRow) => {
    const had = map.get(row.value)
    map.set(row.value, {
      visitors: (had?.visitors ?? 0) + Number(row.visitors),
      hits: (had?.hits ?? 0) + Number(row.hits),
    })
  }
  for (const row of read.rows)
    if (row.state === 'counted') {
      add(fromCounted.counts, row)
      add(counts, row)
    } else if (row.state === 'counted total') {
      fromCounted.total += Number(row.visitors)
      total += Number(row.visitors)
    } else if (row.state === 'total') total += Number(row.visitors)
    else if (row.state === 'rest')
      for (const [i, v] of row.value.split(':').entries())
        rest[what.rest?.metrics[i] ?? ''] = Number(v)
    else add(counts, row)
  return {
    value: { counts, ...(what.withTotal && { total }), ...(what.rest && { rest }) },
    ...(read.states && { states: read.states }),
    ...(cuts.length > 0 &&
      !remembered && {
        keep: () => counted.set(store, memoKey, fromCounted, fromCounted.counts.size + 1),
      }),
  }
}
