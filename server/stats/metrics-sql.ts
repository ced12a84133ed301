import type { Table } from './filters-sql'
import type { Metric } from './query'

/** Metrics one SQL part computes itself; the rest are derived from other parts. */
export type SqlMetric = Exclude<Metric, 'percentage' | 'conversion_rate' | 'group_conversion_rate'>

// Visits are stored as sign-collapsing states: every sum is weighted by sign, and a visitor
// is counted from live states only (sign > 0), which never double-counts a visit.
const SESSIONS: Partial<Record<SqlMetric, string>> = {
  visitors: 'uniqExactIf(visitor_id, sign > 0)',
  visits: 'sum(sign)',
  pageviews: 'sum(sign * pageviews)',
  events: 'sum(sign * events)',
  views_per_visit: 'if(sum(sign) > 0, round(sum(sign * pageviews) / sum(sign), 2), 0)',
  bounce_rate: 'if(sum(sign) > 0, round(100 * sum(sign * is_bounce) / sum(sign)), 0)',
  visit_duration: 'if(sum(sign) > 0, round(sum(sign * duration) / sum(sign)), 0)',
}

const HIT = "name != 'engagement'"
const EVENTS: Partial<Record<SqlMetric, string>> = {
  visitors: `uniqExactIf(visitor_id, ${HIT})`,
  visits: `uniqExactIf(session_id, ${HIT})`,
  pageviews: "countIf(name = 'pageview')",
  events: `countIf(${HIT})`,
  views_per_visit: `if(uniqExactIf(session_id, ${HIT}) > 0, round(countIf(name = 'pageview') / uniqExactIf(session_id, ${HIT}), 2), 0)`,
  // Deepest scroll per visit and page, averaged over those page visits.
  scroll_depth:
    "round(ifNotFinite(arrayAvg((maxMapIf([cityHash64(session_id, pathname)], [toUInt64(scroll_depth)], name = 'engagement')).2), 0))",
  // Engaged seconds per visit to a page.
  time_on_page:
    "round(ifNotFinite(sumIf(engagement_ms, name = 'engagement') / 1000 / uniqExactIf((session_id, pathname), name = 'engagement'), 0))",
}

// When the WHERE clause already left engagement reports out, plain aggregates do (~25 % less
// work than the conditional ones on a large scan).
const EVENT_HITS: Partial<Record<SqlMetric, string>> = {
  visitors: 'uniqExact(visitor_id)',
  visits: 'uniqExact(session_id)',
  pageviews: "countIf(name = 'pageview')",
  events: 'count()',
  views_per_visit:
    "if(uniqExact(session_id) > 0, round(countIf(name = 'pageview') / uniqExact(session_id), 2), 0)",
}

// The hourly rollup keeps the same sums, already weighted by sign.
const HOURLY: Partial<Record<SqlMetric, string>> = {
  visitors: 'uniqExactMerge(visitors)',
  visits: 'sum(visits)',
  pageviews: 'sum(pageviews)',
  events: 'sum(events)',
  views_per_visit: 'if(sum(visits) > 0, round(sum(pageviews) / sum(visits), 2), 0)',
  bounce_rate: 'if(sum(visits) > 0, round(100 * sum(bounces) / sum(visits)), 0)',
  visit_duration: 'if(sum(visits) > 0, round(sum(duration) / sum(visits)), 0)',
}

const BY_TABLE: Record<Table, Partial<Record<SqlMetric, string>>> = {
  sessions: SESSIONS,
  events: EVENTS,
  sessions_hourly: HOURLY,
}

/** The metrics the hourly rollup can answer. */
export const HOURLY_METRICS = Object.keys(HOURLY) as SqlMetric[]

/**
 * The aggregate expression of a metric in a table, or undefined if that table cannot give it.
 * `revenue` is the expression of a hit's counted revenue amount (see revenueAmountSql).
 */
export function metricSql(
  metric: SqlMetric,
  table: Table,
  hitsOnly = false,
  revenue = 'revenue_amount',
): string | undefined {
  if ((metric === 'total_revenue' || metric === 'average_revenue') && table === 'events') {
    const hit = hitsOnly ? '1' : HIT
    return metric === 'total_revenue'
      ? `toFloat64(sumIf(${revenue}, ${hit}))`
      : `round(ifNotFinite(toFloat64(sumIf(${revenue}, ${hit} AND ${revenue} != 0)) / countIf(${hit} AND ${revenue} != 0), 0), 3)`
  }
  return (hitsOnly && table === 'events' ? EVENT_HITS : BY_TABLE[table])[metric]
}

/** Rows that exist only because a visit state was cancelled, or only of engagement reports. */
export function liveRowsHaving(table: Table, hitsOnly = false): string {
  if (hitsOnly && table === 'events') return '1'
  return table === 'events'
    ? `countIf(${HIT}) > 0`
    : table === 'sessions'
      ? 'sum(sign) > 0'
      : 'sum(visits) > 0'
}
