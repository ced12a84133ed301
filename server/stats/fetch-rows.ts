import type { Goal } from '../goals/goals'
import type { Store } from '../store'
import { compilePart, type PartSpec } from './compile'
import { countryName } from './countries'
import { isEventDimension, isTimeDimension } from './dimensions'
import { StatsQueryError } from './errors'
import { directLeaves } from './filters-parse'
import { leafTable, type Table } from './filters-sql'
import type { SqlMetric } from './metrics-sql'
import type { Filter, StatsQuery, TimeWindow } from './query'
import { fetchFromDayRollup } from './day-rollup'
import { canUseHourlyRollup } from './rollup-plan'

export interface Row {
  dimensions: string[]
  metrics: Partial<Record<SqlMetric, number>>
}

/** What the engine asks of the store: metrics by dimensions over a window. */
export interface RowsRequest {
  siteId: number
  timezone: string
  granularity: StatsQuery['timeGranularity']
  window: TimeWindow
  dimensions: string[]
  metrics: SqlMetric[]
  filters: Filter[]
  goals: Goal[]
  orderBy?: Array<[string, 'asc' | 'desc']>
  limit?: number
  offset?: number
  totalRows?: boolean
  keys?: string[][]
  segmentMerge?: { small: string[]; label: string }
  /** Off only to check a rollup against the table it summarises. */
  useRollups?: boolean
  /** Off for the parts the finished-day counts leave to the tables. */
  dayRollup?: boolean
  /** Also all visitors of the window, when that costs nothing extra (see FetchedRows). */
  withTotalVisitors?: boolean
  /** Only visits (and hits) from this instant on, within the window. */
  since?: number
  /** Leave out the hits of visitors whose visits started in [from, to) (counted elsewhere). */
  excludeVisitorsStarted?: [number, number]
}

const EVENT_ONLY: SqlMetric[] = ['scroll_depth', 'time_on_page', 'total_revenue', 'average_revenue']
const VISIT_ONLY: SqlMetric[] = ['bounce_rate', 'visit_duration']

/**
 * Picks the table that answers a request: visits (sessions) unless a dimension or metric
 * needs single events, or events are filtered and counted. Visit-only metrics on events
 * (bounce rate, duration) come from a second part over visits, merged by dimension values.
 */
export function planTable(r: RowsRequest): Table {
  if (r.useRollups !== false && canUseHourlyRollup(r)) return 'sessions_hourly'
  const eventFiltered = directLeaves(r.filters).some((l) => leafTable(l.dimension) === 'events')
  return r.dimensions.some(isEventDimension) ||
    r.metrics.some((m) => EVENT_ONLY.includes(m)) ||
    (eventFiltered && r.metrics.some((m) => m === 'pageviews' || m === 'events'))
    ? 'events'
    : 'sessions'
}

/** Rows of a request; `visitorsTotal` (all visitors of the unfiltered window) when it came along. */
export interface FetchedRows {
  rows: Row[]
  totalRows: number
  visitorsTotal?: number
}

/** Runs a request and returns typed rows (and the row count before pagination when asked). */
export async function fetchRows(store: Store, r: RowsRequest): Promise<FetchedRows> {
  const counted = await fetchFromDayRollup(store, r, fetchRows)
  if (counted) return counted
  const table = planTable(r)
  const visitMetrics = table === 'events' ? r.metrics.filter((m) => VISIT_ONLY.includes(m)) : []
  let primaryMetrics = r.metrics.filter((m) => !visitMetrics.includes(m))
  if (primaryMetrics.length === 0) primaryMetrics = ['visitors']
  for (const [key] of r.orderBy ?? [])
    if (visitMetrics.includes(key as SqlMetric))
      throw new StatsQueryError(
        'order_by',
        `cannot order by ${key} with these dimensions and filters`,
      )
  const base: PartSpec = { ...r, table, metrics: primaryMetrics }
  const primary = await runPart(store, base, 'getStatsRows')
  // A page past the last row has no row to carry the count: the first page's row does.
  if (r.totalRows && primary.rows.length === 0 && (r.offset ?? 0) > 0)
    primary.totalRows = (
      await runPart(store, { ...base, offset: 0, limit: 1 }, 'getStatsRowCount')
    ).totalRows
  if (visitMetrics.length > 0) {
    if (r.dimensions.some((d) => isEventDimension(d) && d !== 'event:page'))
      throw new StatsQueryError(
        'metrics',
        `${visitMetrics.join(', ')} cannot be combined with event dimensions other than event:page`,
      )
    // Plausible's convention: a page's bounce rate and visit duration are those of the
    // visits that entered the site on it.
    const rest: RowsRequest = {
      ...r,
      limit: undefined,
      offset: undefined,
      orderBy: undefined,
      totalRows: false,
    }
    const keys = primary.rows.map((row) =>
      row.dimensions.filter((_, i) => !isTimeDimension(r.dimensions[i] ?? '')),
    )
    const visits = await runPart(
      store,
      {
        ...rest,
        table: 'sessions',
        metrics: visitMetrics,
        dimensionColumns: { 'event:page': 'entry_page' },
        ...(keys.length > 0 && keys[0]?.length ? { keys } : {}),
      },
      'getStatsVisitRows',
    )
    const byKey = new Map(visits.rows.map((v) => [JSON.stringify(v.dimensions), v.metrics]))
    for (const row of primary.rows) {
      const found = byKey.get(JSON.stringify(row.dimensions))
      for (const m of visitMetrics) row.metrics[m] = found?.[m] ?? 0
    }
  }
  return primary
}

async function runPart(store: Store, spec: PartSpec, name: string) {
  const { sql, params } = compilePart(spec)
  const raw = await store.reader.query<Record<string, unknown>>(name, sql, params)
  const rows: Row[] = raw.map((rec) => ({
    dimensions: spec.dimensions.map((d, i) => {
      const value = rec[`d${i}`]
      const v = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
      return d === 'visit:country_name' ? countryName(v) : v
    }),
    metrics: Object.fromEntries(spec.metrics.map((m) => [m, Number(rec[`m_${m}`] ?? 0)])),
  }))
  if (spec.dimensions.length === 0 && rows.length === 0)
    rows.push({ dimensions: [], metrics: Object.fromEntries(spec.metrics.map((m) => [m, 0])) })
  const totalRows = raw.length > 0 ? Number(raw[0]?.total_rows ?? raw.length) : 0
  return { rows, totalRows }
}
