import type { Store } from '../store'
import { countryName } from './countries'
import { dayRollupDimension } from './day-rollup-dimensions'
import { addDays } from './date-range'
import { isTimeDimension } from './dimensions'
import { HOURLY_METRICS } from './metrics-sql'
import { canUseHourlyRollup } from './rollup-plan'
import { compilePart } from './compile'
import type { FetchedRows, Row, RowsRequest } from './fetch-rows'
import type { SqlMetric } from './metrics-sql'
import { countVisitors, livePart } from './day-counts'
import { cutOf, withPlan, type Plan, type StatesRange } from './day-plan'
import { CountedMemo } from './counted-memo'
import { queryWithStates } from './day-states'
import { startOfLocalDay, timeLabels } from './time-labels'
import { windowBounds } from './window-sql'

type Fetch = (store: Store, r: RowsRequest) => Promise<{ rows: Row[]; totalRows: number }>

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
): Promise<FetchedRows | undefined> {
  if (r.useRollups === false || r.dayRollup === false || !r.metrics.includes('visitors'))
    return undefined
  if (r.filters.length > 0 || r.segmentMerge || r.dimensions.length > 1) return undefined
  const dimension = r.dimensions[0]
  if (dimension !== undefined && isTimeDimension(dimension))
    return fetchTimeSeries(store, r, dimension, fetch)
  if (dimension === undefined) return fetchTotal(store, r, fetch)
  return fetchBreakdown(store, r, dimension)
}

async function fetchTotal(store: Store, r: RowsRequest, fetch: Fetch) {
  const window = windowBounds(r.window, r.timezone)
  const others = r.metrics.filter((m) => m !== 'visitors')
  // Visit sums (hourly rollup or visits) ride along in the counts' query; anything else is
  // read meanwhile on its own.
  const together = others.length > 0 && others.every((m) => HOURLY_METRICS.includes(m))
  const spec = { ...r, dimensions: [], metrics: others, orderBy: undefined }
  const table = canUseHourlyRollup(spec) ? ('sessions_hourly' as const) : ('sessions' as const)
  const rest =
    others.length > 0 && !together
      ? fetch(store, { ...r, metrics: others, orderBy: undefined, dayRollup: false })
      : undefined
  // Marked handled now: it may fail while the counts are read (it is awaited below).
  rest?.catch(() => undefined)
  const counted = await withPlan(store, r.siteId, [window], (plan, states) =>
    countVisitors(
      store,
      r,
      window,
      plan,
      { dim: '', ...(together && { rest: { ...spec, table, limit: undefined } }) },
      states,
    ),
  )
  if (!counted) return undefined
  const visitors = counted.counts.get('')?.visitors ?? 0
  const sums = together ? counted.rest : (await rest)?.rows[0]?.metrics
  const row: Row = { dimensions: [], metrics: { ...sums, visitors } }
  return { rows: [row], totalRows: 1 }
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
      {
        dim: source.dim,
        dimension,
        hits: source.hits,
        ...(names && { names }),
        withTotal: r.withTotalVisitors === true,
      },
      states,
    ),
  )
  if (!counted) return undefined
  let rows: Row[] = []
  for (const [value, c] of counted.counts) {
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
  return {
    ...paginate(sortRows(rows, r), r),
    ...(counted.total !== undefined && { visitorsTotal: counted.total }),
  }
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
  const restRequest: RowsRequest = {
    ...r,
    metrics: others,
    dayRollup: false,
    keys: undefined,
    orderBy: undefined,
    limit: undefined,
    offset: undefined,
    totalRows: false,
  }
  // Visit sums of the hourly rollup ride along in the counts' query; others are read meanwhile.
  const together = others.length > 0 && canUseHourlyRollup(restRequest)
  const rest = others.length > 0 && !together ? fetch(store, restRequest) : undefined
  // Marked handled now: it may fail while the counts are read (it is awaited below).
  rest?.catch(() => undefined)
  const counted = await withPlan(store, r.siteId, windows, (plan, states) =>
    getSeries(store, r, plan, windows, together ? restRequest : undefined, states),
  )
  if (!counted) return undefined
  const { plan, histogram, live: liveByLabel } = counted
  const restRows = together ? counted.rest : (await rest)?.rows
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

type Histogram = Map<number, Array<{ at: number; first: number; last: number }>>

/** About 5 MB: a counted day has at most 96 buckets. */
const histograms = new CountedMemo<Histogram>(50_000)

/**
 * What a time series needs besides the plan, in one query: the 15-minute histogram of all
 * visitors of each counted day (remembered while its generations are), the visitors of the
 * open days per bucket, the other metrics per bucket when the hourly rollup answers them, and
 * the day states. Rows are tagged by `state`, as in countVisitors.
 */
async function getSeries(
  store: Store,
  r: RowsRequest,
  plan: Plan,
  windows: Array<[number, number]>,
  restRequest: RowsRequest | undefined,
  states?: StatesRange,
) {
  const key = JSON.stringify([r.siteId, plan.days.map((d) => [d.dayMs, d.generation])])
  const remembered = histograms.get(store, key)
  const parts: string[] = []
  let params: Record<string, unknown> = {}
  if (!remembered) {
    parts.push(`SELECT concat(toString(toUnixTimestamp(day) * 1000), ':',
         toString(toUnixTimestamp(bucket) * 1000)) AS value, 'histogram' AS state,
         toUInt64(first_n) AS visitors, toUInt64(last_n) AS hits
       FROM day_rollup
       WHERE site_id = {site:UInt32} AND kind = 1 AND dim = ''
         AND day >= toDateTime({firstDay:UInt32}, 'UTC') AND day <= toDateTime({lastDay:UInt32}, 'UTC')
         AND generation IN {generations:Array(UInt64)}`)
    params = {
      site: r.siteId,
      generations: plan.days.map((d) => d.generation),
      firstDay: Math.min(...plan.days.map((d) => d.dayMs / 1000)),
      lastDay: Math.max(...plan.days.map((d) => d.dayMs / 1000)),
    }
  }
  if (plan.liveFrom !== undefined && plan.liveFrom < (windows.at(-1)?.[1] ?? 0)) {
    const live = compilePart(livePart(r, plan.liveFrom, r.dimensions[0], undefined, undefined), 'l')
    params = { ...params, ...live.params }
    parts.push(
      `SELECT toString(d0) AS value, 'live' AS state, toUInt64(m_visitors) AS visitors, toUInt64(0) AS hits FROM (${live.sql})`,
    )
  }
  if (restRequest) {
    const rest = compilePart({ ...restRequest, table: 'sessions_hourly' }, 'r')
    params = { ...params, ...rest.params }
    const values = restRequest.metrics.map((m) => `toString(m_${m})`).join(', ')
    parts.push(
      `SELECT concat(toString(d0), '|', arrayStringConcat([${values}], ':')) AS value, 'rest' AS state, toUInt64(0) AS visitors, toUInt64(0) AS hits FROM (${rest.sql})`,
    )
  }
  const read = await queryWithStates(store, 'getDayRollupSeries', parts, params, states)
  const histogram: Histogram =
    remembered ?? new Map<number, Array<{ at: number; first: number; last: number }>>()
  let buckets = 0
  const live = new Map<string, number>()
  const rest: Row[] = []
  for (const row of read.rows)
    if (row.state === 'live') live.set(row.value, Number(row.visitors))
    else if (row.state === 'rest') {
      const [label = '', sums = ''] = row.value.split('|')
      const values = sums.split(':').map(Number)
      const metrics = Object.fromEntries(
        restRequest?.metrics.map((m, i) => [m, values[i] ?? 0]) ?? [],
      )
      rest.push({ dimensions: [label], metrics })
    } else {
      const [day = 0, at = 0] = row.value.split(':').map(Number)
      const list = histogram.get(day) ?? []
      list.push({ at, first: Number(row.visitors), last: Number(row.hits) })
      buckets++
      histogram.set(day, list)
    }
  return {
    value: { plan, histogram, live, rest },
    ...(read.states && { states: read.states }),
    ...(!remembered && {
      keep: () => histograms.set(store, key, histogram, buckets + 1),
    }),
  }
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
