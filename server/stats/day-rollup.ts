import type { Store } from '../store'
import { countryName } from './countries'
import { dayRollupDimension } from './day-rollup-dimensions'
import { addDays } from './date-range'
import { compilePart, type PartSpec } from './compile'
import { isEventDimension, isTimeDimension } from './dimensions'
import type { Row, RowsRequest } from './fetch-rows'
import type { SqlMetric } from './metrics-sql'
import {
  dayStatesParams,
  dayStatesSql,
  getDayStates,
  parseDayStates,
  sameSums,
  type DayState,
  type SealedDay,
} from './seal-days'
import { startOfLocalDay, timeLabels } from './time-labels'
import { windowBounds } from './window-sql'

const DAY_MS = 86_400_000
const BUCKET_MS = 900_000

type Fetch = (store: Store, r: RowsRequest) => Promise<{ rows: Row[]; totalRows: number }>

/** How a counted day meets a window [from, to). */
type Cut = 'inside' | 'from' | 'to'

interface Plan {
  /** Counted days that meet the windows, none of them cut on both sides by one window. */
  days: SealedDay[]
  /** Start of the first uncounted day: visits from it on are read from the tables. */
  liveFrom: number | undefined
}

/**
 * Answers a request from the finished-day counts where it can, exactly: visitors of different
 * salt days are different hashes, so counted days add up, and the days still open (or changed
 * since counted) are counted from the visits and events tables for their own visitors only.
 * Returns undefined when the request is not one the counts answer (filters, other metrics,
 * finer than a day, a day cut on both sides by the window); the caller then reads the tables.
 */
export async function fetchFromDayRollup(
  store: Store,
  r: RowsRequest,
  fetch: Fetch,
): Promise<{ rows: Row[]; totalRows: number } | undefined> {
  if (r.useRollups === false || r.dayRollup === false || !r.metrics.includes('visitors'))
    return undefined
  if (r.filters.length > 0 || r.segmentMerge || r.dimensions.length > 1) return undefined
  const dimension = r.dimensions[0]
  if (dimension !== undefined && isTimeDimension(dimension))
    return fetchTimeSeries(store, r, dimension, fetch)
  if (dimension === undefined) return fetchTotal(store, r, fetch)
  return fetchBreakdown(store, r, dimension)
}

/** The last day states read per store, site and range: a guess that each use verifies. */
const lastStates = new WeakMap<Store, Map<string, DayState[]>>()

/** Where an answer reads the current day states along with its counts. */
type StatesRange = { siteId: number; from: number; before: number }

/**
 * Runs `answer` on the plan of the counted days for the windows, or returns undefined when
 * they cannot answer them. The plan comes from the day states last read for the same range,
 * and the answer reads the current states in the same query; it stands only if those give
 * the same plan (otherwise it is answered again on them). So a dashboard's queries need no
 * extra round trip, and every answer rests on the states read with it.
 */
async function withPlan<T>(
  store: Store,
  siteId: number,
  windows: Array<[number, number]>,
  answer: (plan: Plan, states?: StatesRange) => Promise<{ value: T; states?: DayState[] }>,
): Promise<T | undefined> {
  const from = Math.min(...windows.map((w) => w[0]))
  const to = Math.max(...windows.map((w) => w[1]))
  if (windows.some(([a, b]) => a % BUCKET_MS !== 0 || b % BUCKET_MS !== 0)) return undefined
  // The salt day before the window can still have hits in it (a visit over midnight).
  const first = Math.floor(from / DAY_MS) * DAY_MS - DAY_MS
  // Whole days: a day's sums are compared with what was counted for all of it.
  const range = { siteId, from: first, before: Math.ceil(to / DAY_MS) * DAY_MS }
  const key = `${siteId}:${range.from}:${range.before}`
  const cache = lastStates.get(store) ?? new Map<string, DayState[]>()
  lastStates.set(store, cache)
  if (cache.size > 1000) cache.clear()
  const guess = cache.get(key)
  const guessed = guess && planDays(guess, first, to, windows)
  if (guessed) {
    const early = await answer(guessed, range)
    const states = early.states ?? []
    cache.set(key, states)
    const plan = planDays(states, first, to, windows)
    if (!plan) return undefined
    if (samePlan(guessed, plan)) return early.value
    return (await answer(plan)).value
  }
  const states = await getDayStates(store, range)
  cache.set(key, states)
  const plan = planDays(states, first, to, windows)
  return plan && (await answer(plan)).value
}

function samePlan(a: Plan, b: Plan): boolean {
  return (
    a.liveFrom === b.liveFrom &&
    a.days.length === b.days.length &&
    a.days.every((d, i) => {
      const e = b.days[i]
      return (
        e !== undefined &&
        d.dayMs === e.dayMs &&
        d.generation === e.generation &&
        d.firstMs === e.firstMs &&
        d.endMs === e.endMs
      )
    })
  )
}

/** Plans the counted days for the windows from day states; undefined when they cannot answer. */
function planDays(
  list: DayState[],
  first: number,
  to: number,
  windows: Array<[number, number]>,
): Plan | undefined {
  const states = new Map(list.map((state) => [state.sums.dayMs, state]))
  const counted: SealedDay[] = []
  let liveFrom: number | undefined
  for (let day = first; day < to; day += DAY_MS) {
    const state = states.get(day)
    const s = state?.sums
    const c = state?.sealed
    const empty = !s || (s.visits === 0 && s.pageviews === 0 && s.events === 0)
    if (c && s && sameSums(c, s)) {
      // A counted day after an uncounted one: the uncounted visitors are not a suffix.
      if (liveFrom !== undefined) return undefined
      counted.push(c)
    } else if (!empty || c) liveFrom ??= day
  }
  if (counted.length === 0) return undefined
  for (const day of counted)
    for (const [a, b] of windows) if (day.firstMs < a && day.endMs > b) return undefined
  return { days: counted, liveFrom }
}

function cutOf(day: SealedDay, [a, b]: [number, number]): Cut | undefined {
  if (day.endMs <= a || day.firstMs >= b) return undefined
  return day.firstMs < a ? 'from' : day.endMs > b ? 'to' : 'inside'
}

/**
 * The request for the uncounted days: their visitors only (visits started since `liveFrom`, and
 * their hits), over the same window, so time buckets keep their labels.
 */
function liveRequest(r: RowsRequest, liveFrom: number, metrics: SqlMetric[]): RowsRequest {
  return {
    ...r,
    // Stored values, as the counted days hold them (country codes rather than names).
    dimensions: r.dimensions.map((d) => (d === 'visit:country_name' ? 'visit:country' : d)),
    since: liveFrom,
    metrics,
    orderBy: undefined,
    limit: undefined,
    offset: undefined,
    totalRows: false,
    dayRollup: false,
    // Visits rather than the hourly rollup (see livePart).
    useRollups: false,
    // Hits after midnight of the last counted day's visitors are in that day's count.
    excludeVisitorsStarted: [liveFrom - DAY_MS, liveFrom],
  }
}

async function fetchTotal(store: Store, r: RowsRequest, fetch: Fetch) {
  const window = windowBounds(r.window, r.timezone)
  const others = r.metrics.filter((m) => m !== 'visitors')
  // The other metrics do not depend on the plan: they are read meanwhile.
  const rest =
    others.length > 0
      ? fetch(store, { ...r, metrics: others, orderBy: undefined, dayRollup: false })
      : undefined
  const counted = await withPlan(store, r.siteId, [window], (plan, states) =>
    countVisitors(store, r, window, plan, { dim: '' }, states),
  )
  if (!counted) {
    rest?.catch(() => undefined)
    return undefined
  }
  const visitors = counted.get('')?.visitors ?? 0
  const row: Row = { dimensions: [], metrics: { ...(await rest)?.rows[0]?.metrics, visitors } }
  return { rows: [row], totalRows: 1 }
}

/**
 * The part of a request the uncounted days answer: their visitors only (visits started since
 * `liveFrom`, and their hits) within the window, from the table the engine would read.
 */
function livePart(
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
async function countVisitors(
  store: Store,
  r: RowsRequest,
  [from, to]: [number, number],
  plan: Plan,
  what: { dim: string; dimension?: string; hits?: SqlMetric; names?: string[] },
  states?: StatesRange,
): Promise<{ value: Map<string, { visitors: number; hits: number }>; states?: DayState[] }> {
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
    from: from / 1000,
    to: to / 1000,
    generations: cuts.map((c) => c.day.generation),
    days: cuts.map((c) => c.day.dayMs / 1000),
    roles: cuts.map((c) => roles[c.cut]),
    // A plain range on the sort key (site, kind, dim, day).
    firstDay: Math.min(0x7fffffff, ...cuts.map((c) => c.day.dayMs / 1000)),
    lastDay: Math.max(0, ...cuts.map((c) => c.day.dayMs / 1000)),
    allValues: what.names === undefined,
    values: what.names ?? [],
  }
  if (cuts.length > 0)
    parts.push(`SELECT toString(value) AS value, '' AS state,
       sum(multiIf(role = 1 AND kind = 0, first_n,
         role = 2 AND kind = 1 AND at >= {from:UInt32}, last_n,
         role = 3 AND kind = 1 AND at < {to:UInt32}, first_n, 0)) AS visitors,
       sum(multiIf(role = 1 AND kind = 0, hits,
         role > 1 AND kind = 1 AND at >= {from:UInt32} AND at < {to:UInt32}, hits, 0)) AS hits
     FROM (
       SELECT value, kind, first_n, last_n, hits, toUInt32(bucket) AS at,
         transform(toUInt32(day), {days:Array(UInt32)}, {roles:Array(UInt8)}, 0) AS role
       FROM day_rollup
       WHERE site_id = {site:UInt32} AND kind IN (0, 1) AND dim = {dim:String}
         AND day >= toDateTime({firstDay:UInt32}, 'UTC') AND day <= toDateTime({lastDay:UInt32}, 'UTC')
         AND generation IN {generations:Array(UInt64)}
         AND ({allValues:Bool} OR value IN {values:Array(String)})
     )
     WHERE (role = 1 AND kind = 0) OR (role > 1 AND kind = 1)
     GROUP BY value`)
  if (plan.liveFrom !== undefined && plan.liveFrom < to) {
    const live = compilePart(livePart(r, plan.liveFrom, what.dimension, what.hits, what.names))
    params = { ...params, ...live.params }
    const value = what.dimension === undefined ? "''" : 'toString(d0)'
    const hits = what.hits ? `toUInt64(m_${what.hits})` : 'toUInt64(0)'
    parts.push(
      `SELECT ${value} AS value, '' AS state, toUInt64(m_visitors) AS visitors, ${hits} AS hits FROM (${live.sql})`,
    )
  }
  if (states) {
    parts.push(
      `SELECT '' AS value, state, toUInt64(0) AS visitors, toUInt64(0) AS hits FROM (${dayStatesSql()})`,
    )
    params = { ...params, ...dayStatesParams(states) }
  }
  if (parts.length === 0) return { value: new Map() }
  const rows = await store.reader.query<{
    value: string
    state: string
    visitors: string
    hits: string
  }>(
    'getDayRollupCounts',
    // The excluded visitors' set is small and not on the sort key: no index analysis with it.
    `SELECT value, state, sum(visitors) AS visitors, sum(hits) AS hits
     FROM (${parts.join(' UNION ALL ')}) GROUP BY value, state
     SETTINGS use_index_for_in_with_subqueries = 0`,
    params,
  )
  const counts = new Map<string, { visitors: number; hits: number }>()
  const encoded: string[] = []
  for (const row of rows)
    if (row.state !== '') encoded.push(row.state)
    else counts.set(row.value, { visitors: Number(row.visitors), hits: Number(row.hits) })
  return { value: counts, ...(states && { states: parseDayStates(states.siteId, encoded) }) }
}

async function fetchBreakdown(store: Store, r: RowsRequest, dimension: string) {
  const source = dayRollupDimension(dimension)
  if (!source) return undefined
  if (!r.metrics.every((m) => m === 'visitors' || m === source.hits)) return undefined
  // Goals are custom-event goals: a goal is its event name. Page goals match paths by pattern.
  let goalNames: Map<string, string[]> | undefined
  if (dimension === 'event:goal') {
    if (r.goals.length === 0 || r.goals.some((g) => g.kind !== 'event')) return undefined
    goalNames = new Map()
    for (const g of r.goals)
      goalNames.set(g.eventName, [...(goalNames.get(g.eventName) ?? []), g.displayName])
  }
  const window = windowBounds(r.window, r.timezone)
  const names = goalNames && [...goalNames.keys()]
  const counted = await withPlan(store, r.siteId, [window], (plan, states) =>
    countVisitors(
      store,
      r,
      window,
      plan,
      { dim: source.dim, dimension, hits: source.hits, ...(names && { names }) },
      states,
    ),
  )
  if (!counted) return undefined
  let rows: Row[] = []
  for (const [value, c] of counted) {
    if (c.visitors === 0 && c.hits === 0) continue
    const labels = goalNames
      ? (goalNames.get(value) ?? [])
      : [dimension === 'visit:country_name' ? countryName(value) : value]
    const metrics = {
      visitors: c.visitors,
      ...(r.metrics.includes(source.hits) && { [source.hits]: c.hits }),
    }
    for (const label of labels) rows.push({ dimensions: [label], metrics: { ...metrics } })
  }
  if (r.keys) {
    const wanted = new Set(r.keys.map((k) => k[0]))
    rows = rows.filter((row) => wanted.has(row.dimensions[0]))
  }
  return paginate(sortRows(rows, r), r)
}

async function fetchTimeSeries(store: Store, r: RowsRequest, dimension: string, fetch: Fetch) {
  const granularity = dimension === 'time' ? r.granularity : dimension.slice(5)
  const dates = r.window
  if (dates.kind !== 'dates' || !['day', 'week', 'month'].includes(granularity)) return undefined
  // Each bucket is a run of whole local days, from its label (or the window's start) to the next.
  const labels = timeLabels(dates, granularity as 'day', r.timezone)
  const starts = labels.map((l, i) => (i === 0 ? dates.from : l))
  const ends = [...starts.slice(1), addDays(dates.to, 1)]
  const windows = starts.map((s, i): [number, number] => [
    startOfLocalDay(s, r.timezone),
    startOfLocalDay(ends[i] ?? s, r.timezone),
  ])
  const others = r.metrics.filter((m) => m !== 'visitors')
  const rest =
    others.length > 0
      ? fetch(store, {
          ...r,
          metrics: others,
          dayRollup: false,
          keys: undefined,
          orderBy: undefined,
          limit: undefined,
          offset: undefined,
          totalRows: false,
        })
      : undefined
  const counted = await withPlan(store, r.siteId, windows, async (plan, states) => {
    const [histogram, live] = await Promise.all([
      getHistogram(store, r.siteId, plan, states),
      plan.liveFrom !== undefined && plan.liveFrom < (windows.at(-1)?.[1] ?? 0)
        ? fetch(store, liveRequest(r, plan.liveFrom, ['visitors']))
        : undefined,
    ])
    return {
      value: { plan, histogram: histogram.byDay, live },
      ...(histogram.states && { states: histogram.states }),
    }
  })
  if (!counted) {
    rest?.catch(() => undefined)
    return undefined
  }
  const { plan, histogram, live } = counted
  const restRows = (await rest)?.rows
  const liveByLabel = new Map(live?.rows.map((row) => [row.dimensions[0], row.metrics.visitors]))
  const restByLabel = new Map(restRows?.map((row) => [row.dimensions[0], row.metrics]))
  const rows: Row[] = []
  for (const [i, label] of labels.entries()) {
    const w = windows[i]
    if (!w) continue
    let visitors = liveByLabel.get(label) ?? 0
    for (const day of plan.days) {
      const cut = cutOf(day, w)
      const buckets = histogram.get(day.dayMs) ?? []
      for (const b of buckets)
        if (cut === 'inside') visitors += b.first
        else if (cut === 'from' && b.at >= w[0]) visitors += b.last
        else if (cut === 'to' && b.at < w[1]) visitors += b.first
    }
    const metrics = { ...restByLabel.get(label), visitors }
    if (visitors > 0 || restByLabel.has(label)) rows.push({ dimensions: [label], metrics })
  }
  return paginate(sortRows(rows, r), r)
}

async function getHistogram(store: Store, siteId: number, plan: Plan, states?: StatesRange) {
  const rows = await store.reader.query<{
    day_ms: string
    at: string
    first: string
    last: string
    state: string
  }>(
    'getDayRollupHistogram',
    `SELECT toUnixTimestamp(day) * 1000 AS day_ms, toUnixTimestamp(bucket) * 1000 AS at,
       first_n AS first, last_n AS last, '' AS state
     FROM day_rollup
     WHERE site_id = {site:UInt32} AND kind = 1 AND dim = ''
       AND day >= toDateTime({firstDay:UInt32}, 'UTC') AND day <= toDateTime({lastDay:UInt32}, 'UTC')
       AND generation IN {generations:Array(UInt64)}
     ${states ? `UNION ALL SELECT 0, 0, 0, 0, state FROM (${dayStatesSql()})` : ''}`,
    {
      site: siteId,
      generations: plan.days.map((d) => d.generation),
      firstDay: Math.min(...plan.days.map((d) => d.dayMs / 1000)),
      lastDay: Math.max(...plan.days.map((d) => d.dayMs / 1000)),
      ...(states && dayStatesParams(states)),
    },
  )
  const byDay = new Map<number, Array<{ at: number; first: number; last: number }>>()
  const encoded: string[] = []
  for (const row of rows) {
    if (row.state !== '') {
      encoded.push(row.state)
      continue
    }
    const day = Number(row.day_ms)
    const list = byDay.get(day) ?? []
    list.push({ at: Number(row.at), first: Number(row.first), last: Number(row.last) })
    byDay.set(day, list)
  }
  return { byDay, ...(states && { states: parseDayStates(states.siteId, encoded) }) }
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** The engine's order: the requested keys, then the dimension values ascending (as bytes). */
function sortRows(rows: Row[], r: RowsRequest): Row[] {
  const order = r.orderBy ?? []
  return rows.sort((x, y) => {
    for (const [key, dir] of order) {
      const i = r.dimensions.indexOf(key)
      const c =
        i >= 0
          ? byteOrder(x.dimensions[i] ?? '', y.dimensions[i] ?? '')
          : (x.metrics[key as SqlMetric] ?? 0) - (y.metrics[key as SqlMetric] ?? 0)
      if (c !== 0) return dir === 'asc' ? c : -c
    }
    return byteOrder(x.dimensions[0] ?? '', y.dimensions[0] ?? '')
  })
}

function paginate(rows: Row[], r: RowsRequest) {
  const offset = r.offset ?? 0
  const page = r.limit === undefined ? rows.slice(offset) : rows.slice(offset, offset + r.limit)
  return { rows: page, totalRows: rows.length }
}
