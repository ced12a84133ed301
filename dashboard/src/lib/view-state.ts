// What a site view shows — period, comparison, filters, interval, graph metric — read from
// and written to the URL's query string.
import type { Comparison, DateRange, Filter, FilterOp } from './stats-client'
import { addDays, daysBetween, isIsoDate, monthEnd, monthStart, todayIn } from './dates'

export const PERIODS = [
  'realtime',
  'day',
  'yesterday',
  '7d',
  '28d',
  '30d',
  '91d',
  'month',
  'last_month',
  '6mo',
  '12mo',
  'year',
  'all',
  'custom',
] as const
export type Period = (typeof PERIODS)[number]
export const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'] as const
export type Interval = (typeof INTERVALS)[number]
export const GRAPH_METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
] as const
export type GraphMetric = (typeof GRAPH_METRICS)[number]
const OPS: readonly FilterOp[] = ['is', 'is_not', 'contains', 'contains_not']
// A custom property's name is free text, as the collector takes it (1–300 characters, no
// control characters): "Größe" or "plan type" must survive the URL like "plan".
const DIMENSION = /^(?:(?:event|visit):[\w:.-]+|event:props:[^\u0000-\u001f]{1,300})$/

export interface ViewState {
  period: Period
  from?: string
  to?: string
  compare?: Comparison
  filters: Filter[]
  interval?: Interval
  metric: GraphMetric
}

export const DEFAULT_PERIOD: Period = '28d'

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  list.find((x) => x === v)

// Filter parts are comma-separated; a part escapes % and , so values may hold both.
const esc = (s: string) => s.replace(/%/g, '%25').replace(/,/g, '%2C')
const unesc = (s: string) => s.replace(/%2C/gi, ',').replace(/%25/g, '%')

/** Reads a view from URL parameters; anything malformed falls back to the default. */
export function parseView(params: URLSearchParams): ViewState {
  const period = oneOf(PERIODS, params.get('period')) ?? DEFAULT_PERIOD
  const from = params.get('from')
  const to = params.get('to')
  const custom = period === 'custom' && isIsoDate(from) && isIsoDate(to) && from <= to
  const filters: Filter[] = []
  for (const raw of params.getAll('f')) {
    const [op, dim, ...values] = raw.split(',').map(unesc)
    const o = oneOf(OPS, op ?? null)
    if (o && dim && DIMENSION.test(dim) && values.length > 0) filters.push([o, dim, values])
  }
  return {
    period: period === 'custom' && !custom ? DEFAULT_PERIOD : period,
    ...(custom ? { from: from, to: to } : {}),
    compare: oneOf(['previous_period', 'year_over_year'] as const, params.get('compare')),
    filters,
    interval: oneOf(INTERVALS, params.get('interval')),
    metric: oneOf(GRAPH_METRICS, params.get('metric')) ?? 'visitors',
  }
}

/** Writes a view into URL parameters, leaving defaults out so links stay short. */
export function serializeView(view: ViewState): URLSearchParams {
  const p = new URLSearchParams()
  if (view.period !== DEFAULT_PERIOD) p.set('period', view.period)
  if (view.period === 'custom' && view.from && view.to) {
    p.set('from', view.from)
    p.set('to', view.to)
  }
  if (view.compare && view.period !== 'realtime') p.set('compare', view.compare)
  for (const [op, dim, values] of view.filters)
    p.append('f', [op, dim, ...values].map(esc).join(','))
  if (view.interval) p.set('interval', view.interval)
  if (view.metric !== 'visitors') p.set('metric', view.metric)
  return p
}

/** What realtime mode shows: the last half hour. Current visitors look at the last 5 minutes. */
export const REALTIME_MINUTES = 30
export const CURRENT_VISITOR_MINUTES = 5

/** The last `minutes` minutes as a pair of UTC instants, whole seconds. */
export function lastMinutes(minutes: number, now = Date.now()): [string, string] {
  const end = Math.floor(now / 1000) * 1000
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
  return [iso(end - minutes * 60_000), iso(end)]
}

/** The Stats API date_range for a view, with calendar periods resolved in the site's zone. */
export function dateRangeOf(view: ViewState, timezone: string, now = Date.now()): DateRange {
  const today = todayIn(timezone, now)
  const last = (n: number): [string, string] => [addDays(today, -(n - 1)), today]
  switch (view.period) {
    case 'realtime':
      return lastMinutes(REALTIME_MINUTES, now)
    case 'day':
      return [today, today]
    case 'yesterday':
      return [addDays(today, -1), addDays(today, -1)]
    case '7d':
      return last(7)
    case '28d':
      return last(28)
    case '30d':
      return last(30)
    case '91d':
      return last(91)
    case 'month':
      return [monthStart(today), today]
    case 'last_month':
      return [monthStart(today, -1), monthEnd(monthStart(today, -1))]
    case '6mo':
      return [monthStart(today, -5), today]
    case '12mo':
      return [monthStart(today, -11), today]
    case 'year':
      return [`${today.slice(0, 4)}-01-01`, today]
    case 'all':
      return 'all'
    case 'custom':
      return [view.from ?? today, view.to ?? today]
  }
}

/** The interval a period is best shown in, unless the user picked one. */
export function intervalOf(view: ViewState, range: DateRange): Interval {
  if (view.period === 'realtime') return 'minute'
  const allowed = allowedIntervals(range)
  if (view.interval && allowed.includes(view.interval)) return view.interval
  if (range === 'all') return 'month'
  const days = daysBetween(range[0], range[1])
  if (days <= 1) return 'hour'
  if (days <= 92) return 'day'
  return 'month'
}

/** Intervals that make sense for a range (no hourly year, no monthly day). */
export function allowedIntervals(range: DateRange): Interval[] {
  if (range === 'all') return ['day', 'week', 'month']
  if (range[0].length > 10) return ['minute']
  const days = daysBetween(range[0], range[1])
  if (days <= 1) return ['hour']
  if (days <= 31) return ['hour', 'day', 'week']
  return ['day', 'week', 'month']
}

/** Adds a filter, replacing an earlier `is` filter on the same dimension. */
export function withFilter(view: ViewState, filter: Filter): ViewState {
  const rest = view.filters.filter((f) => !(f[1] === filter[1] && f[0] === filter[0]))
  return { ...view, filters: [...rest, filter] }
}

export function withoutFilter(view: ViewState, index: number): ViewState {
  return { ...view, filters: view.filters.filter((_, i) => i !== index) }
}
