/** The one query model behind the dashboard and the Stats API (Plausible Stats API v2 shape). */

export const METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
  'events',
  'scroll_depth',
  'time_on_page',
  'conversion_rate',
  'group_conversion_rate',
  'total_revenue',
  'average_revenue',
  'percentage',
] as const
export type Metric = (typeof METRICS)[number]

export const TIME_DIMENSIONS = [
  'time',
  'time:minute',
  'time:hour',
  'time:day',
  'time:week',
  'time:month',
] as const
export type TimeDimension = (typeof TIME_DIMENSIONS)[number]

export const FILTER_OPS = [
  'is',
  'is_not',
  'contains',
  'contains_not',
  'matches',
  'matches_not',
] as const
export type FilterOp = (typeof FILTER_OPS)[number]

/**
 * A leaf compares one dimension with a list of values; the tree combines leaves. has_done and
 * has_not_done (Plausible's behavioural filters) keep the visits with (without) a hit that
 * meets their filter of event dimensions.
 */
export type Filter =
  | { op: FilterOp; dimension: string; values: string[]; caseSensitive: boolean }
  | { op: 'and' | 'or'; filters: Filter[] }
  | { op: 'not' | 'has_done' | 'has_not_done'; filter: Filter }

/**
 * The resolved time window. `dates` are whole local days in the site's zone (inclusive);
 * `instants` are exact UTC milliseconds [from, to).
 */
export type TimeWindow =
  { kind: 'dates'; from: string; to: string } | { kind: 'instants'; fromMs: number; toMs: number }

export type ComparisonMode = 'previous_period' | 'year_over_year' | 'custom'

export interface StatsQuery {
  siteId: number
  /** IANA zone of the site: every bucket and day boundary is local to it. */
  timezone: string
  metrics: Metric[]
  dimensions: string[]
  filters: Filter[]
  window: TimeWindow
  orderBy: Array<[string, 'asc' | 'desc']>
  include: { timeLabels: boolean; totalRows: boolean }
  comparison?: { mode: ComparisonMode; window: TimeWindow }
  limit: number
  offset: number
  /** The granularity the bare `time` dimension resolves to for this window. */
  timeGranularity: Granularity
}

export type Granularity = 'minute' | 'hour' | 'day' | 'week' | 'month'

/** A parse or validation result that names the offending field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; field: string }
