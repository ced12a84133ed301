import type { Goal } from '../goals/goals'
import type { Store } from '../store'
import { putDerivedMetrics } from './derive'
import { isTimeDimension } from './dimensions'
import { fetchRows, type Row, type RowsRequest } from './fetch-rows'
import {
  planSegmentMerge,
  touchesSegments,
  withholdSmallRows,
  type KAnonymity,
} from './k-anonymity'
import type { SqlMetric } from './metrics-sql'
import type { Metric, StatsQuery, TimeWindow } from './query'
import { timeLabels } from './time-labels'

const DERIVED: Metric[] = ['percentage', 'conversion_rate', 'group_conversion_rate']

export interface ResultRow {
  metrics: number[]
  dimensions: string[]
  /** Metrics and change are null where the compared row is withheld (k-anonymity). */
  comparison?: {
    dimensions: string[]
    metrics: Array<number | null>
    change: Array<number | null>
  }
}

export interface QueryResult {
  results: ResultRow[]
  meta: {
    time_labels?: string[]
    total_rows?: number
    k_anonymity?: { k: number; merged_segments: number; withheld_rows: number }
    comparison_date_range?: [string, string]
  }
}

interface Computed {
  rows: Array<{ row: Row; values: number[] }>
  /** Rows left out for describing fewer than k visitors. */
  withheld: Row[]
  /** Segments shown only inside the merged row (k-anonymity). */
  merged: string[]
  totalRows: number
  kAnonymity?: KAnonymity
}

/** Runs a parsed query: rows, derived ratios, the k-anonymity floor and the comparison. */
export async function getQueryResult(
  store: Store,
  query: StatsQuery,
  context: { goals: Goal[]; kAnonymity: number },
): Promise<QueryResult> {
  // A comparison that pairs rows by time alone needs nothing of the main rows: both run at once.
  const early =
    query.comparison && query.dimensions.every(isTimeDimension)
      ? compute(store, query, context, query.comparison.window, false)
      : undefined
  // Marked handled now: it may fail while the main rows are still being read (it is awaited below).
  early?.catch(() => undefined)
  const main = await compute(store, query, context, query.window, true)
  const meta: QueryResult['meta'] = {}
  const time = query.dimensions.find(isTimeDimension)
  const granularity =
    time && time !== 'time'
      ? (time.slice(5) as StatsQuery['timeGranularity'])
      : query.timeGranularity
  if (query.include.timeLabels)
    meta.time_labels = timeLabels(query.window, granularity, query.timezone)
  if (query.include.totalRows) meta.total_rows = main.totalRows
  if (main.kAnonymity)
    meta.k_anonymity = {
      k: main.kAnonymity.k,
      merged_segments: main.kAnonymity.mergedSegments,
      withheld_rows: main.kAnonymity.withheldRows,
    }
  const results: ResultRow[] = main.rows.map(({ row, values }) => ({
    metrics: values,
    dimensions: row.dimensions,
  }))
  if (query.comparison) {
    const timeIndex = query.dimensions.findIndex(isTimeDimension)
    const keys = main.rows.map(({ row }) => row.dimensions.filter((_, i) => i !== timeIndex))
    const other =
      (await early) ?? (await compute(store, query, context, query.comparison.window, false, keys))
    const mainLabels = timeIndex >= 0 ? timeLabels(query.window, granularity, query.timezone) : []
    const otherLabels =
      timeIndex >= 0 ? timeLabels(query.comparison.window, granularity, query.timezone) : []
    // Time buckets pair up by position (the 3rd day with the 3rd day before); others by value.
    const keyOf = (dims: string[], labels: string[]) =>
      JSON.stringify(dims.map((d, i) => (i === timeIndex ? labels.indexOf(d) : d)))
    const byKey = new Map(other.rows.map((o) => [keyOf(o.row.dimensions, otherLabels), o]))
    const withheld = new Set(other.withheld.map((row) => keyOf(row.dimensions, otherLabels)))
    const segmentIndex = query.dimensions.indexOf('visit:segment')
    for (const result of results) {
      // A bucket past the end of a shorter compared range has nothing to be compared with.
      const bucket = result.dimensions[timeIndex]
      if (bucket !== undefined && otherLabels[mainLabels.indexOf(bucket)] === undefined) continue
      const key = keyOf(result.dimensions, mainLabels)
      const found = byKey.get(key)
      const dims = result.dimensions.map((d, i) =>
        i === timeIndex ? (otherLabels[mainLabels.indexOf(d)] ?? d) : d,
      )
      // A withheld row, or a segment shown there only inside the merged row, has numbers, but
      // showing them (or a made-up 0) would describe its few visitors.
      const segment = segmentIndex >= 0 ? result.dimensions[segmentIndex] : undefined
      if (withheld.has(key) || (segment !== undefined && other.merged.includes(segment))) {
        const none = query.metrics.map(() => null)
        result.comparison = { dimensions: dims, metrics: none, change: none }
        continue
      }
      const values = found?.values ?? query.metrics.map(() => 0)
      result.comparison = {
        dimensions: dims,
        metrics: values,
        change: query.metrics.map((m, i) => change(m, result.metrics[i] ?? 0, values[i] ?? 0)),
      }
    }
  }
  return { results, meta }
}

/** Plausible's change: points for rates, per cent for counts, 100 when growing from zero. */
export function change(metric: Metric, current: number, previous: number): number | null {
  if (
    metric === 'bounce_rate' ||
    metric === 'conversion_rate' ||
    metric === 'group_conversion_rate' ||
    metric === 'percentage'
  )
    return Math.round((current - previous) * 10) / 10
  if (previous === 0) return current === 0 ? 0 : 100
  return Math.round(((current - previous) / previous) * 100)
}

async function compute(
  store: Store,
  query: StatsQuery,
  context: { goals: Goal[]; kAnonymity: number },
  window: TimeWindow,
  paginate: boolean,
  keys?: string[][],
): Promise<Computed> {
  const segments = touchesSegments(query)
  const sqlMetrics = query.metrics.filter((m): m is SqlMetric => !DERIVED.includes(m))
  if (
    (segments || query.metrics.some((m) => DERIVED.includes(m))) &&
    !sqlMetrics.includes('visitors')
  )
    sqlMetrics.push('visitors')
  const orderBy = query.orderBy.map(([key, dir]): [string, 'asc' | 'desc'] => [
    key === 'percentage' || key === 'conversion_rate' ? 'visitors' : key,
    dir,
  ])
  // Rows under the k-anonymity floor are left out before a page is cut, so pages stay full;
  // totals are one row, which the page holds or not.
  const pageInSql = paginate && !segments && query.dimensions.length > 0
  const request: RowsRequest = {
    siteId: query.siteId,
    timezone: query.timezone,
    granularity: query.timeGranularity,
    window,
    dimensions: query.dimensions,
    metrics: sqlMetrics,
    filters: query.filters,
    goals: context.goals,
    orderBy,
    ...(pageInSql
      ? { limit: query.limit, offset: query.offset, totalRows: query.include.totalRows }
      : {}),
    ...(keys && keys.length > 0 && keys[0]?.length ? { keys } : {}),
    withTotalVisitors: query.metrics.some((m) => m === 'percentage' || m === 'conversion_rate'),
  }
  let kAnonymity: KAnonymity | undefined
  if (segments && query.dimensions.includes('visit:segment')) {
    request.segmentMerge = await planSegmentMerge(store, request, context.kAnonymity)
  }
  const fetched = await fetchRows(store, request)
  let rows = fetched.rows
  let totalRows = fetched.totalRows
  let withheld: Row[] = []
  if (segments) {
    const split = withholdSmallRows(rows, context.kAnonymity)
    withheld = split.withheld
    rows = split.kept
    kAnonymity = {
      k: context.kAnonymity,
      mergedSegments: request.segmentMerge?.small.length ?? 0,
      withheldRows: withheld.length,
    }
  }
  if (paginate && !pageInSql) {
    totalRows = rows.length
    rows = rows.slice(query.offset, query.offset + query.limit)
  }
  const derived = await putDerivedMetrics(
    store,
    request,
    query.metrics,
    rows,
    fetched.visitorsTotal,
  )
  return {
    rows: rows.map((row) => ({
      row,
      values: query.metrics.map((m) =>
        DERIVED.includes(m) ? (derived.get(row)?.[m] ?? 0) : (row.metrics[m as SqlMetric] ?? 0),
      ),
    })),
    withheld,
    merged: request.segmentMerge?.small ?? [],
    totalRows,
    ...(kAnonymity && { kAnonymity }),
  }
}
