// Segment reports through the Stats API (POST /api/v2/query, dimension visit:segment); the
// server applies the k-anonymity floor, so a segment missing from an answer had fewer than
// k visitors.
import { queryStats, type Filter, type StatsResult } from '../lib/stats-client'

export const BASE_METRICS = [
  'visitors',
  'visits',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
] as const
export const GOAL_METRICS = ['group_conversion_rate', 'total_revenue'] as const

export type MetricValues = Partial<
  Record<(typeof BASE_METRICS)[number] | (typeof GOAL_METRICS)[number], number | null>
>

export interface SegmentMetrics {
  /** Segment name → its metrics; segments below the floor are absent. */
  bySegment: Map<string, MetricValues>
  /** The row the server shows for segments merged below the floor, if any. */
  merged?: { label: string; values: MetricValues }
}

function toMap(result: StatsResult, metrics: readonly string[]): Map<string, MetricValues> {
  const out = new Map<string, MetricValues>()
  for (const row of result.results) {
    const values: MetricValues = {}
    metrics.forEach((m, i) => {
      values[m as keyof MetricValues] = row.metrics[i] ?? null
    })
    out.set(row.dimensions[0] ?? '', values)
  }
  return out
}

const isMergedLabel = (label: string) => /^\(fewer than \d+ visitors\)$/.test(label)

/** Visitors, visits, views per visit, bounce rate and duration per segment; with a goal, its conversion rate and revenue. */
export async function loadSegmentMetrics(
  domain: string,
  period: string,
  goal: string,
): Promise<SegmentMetrics> {
  const base = await queryStats({
    site_id: domain,
    metrics: [...BASE_METRICS],
    date_range: period,
    dimensions: ['visit:segment'],
    filters: [['is_not', 'visit:segment', ['']]],
  })
  const bySegment = toMap(base, BASE_METRICS)
  if (goal) {
    const conv = await queryStats({
      site_id: domain,
      metrics: [...GOAL_METRICS],
      date_range: period,
      dimensions: ['visit:segment'],
      filters: [
        ['is_not', 'visit:segment', ['']],
        ['is', 'event:goal', [goal]],
      ],
    })
    for (const [name, values] of toMap(conv, GOAL_METRICS)) {
      const row = bySegment.get(name)
      if (row) Object.assign(row, values)
    }
  }
  let merged: SegmentMetrics['merged']
  for (const [label, values] of bySegment)
    if (isMergedLabel(label)) {
      merged = { label, values }
      bySegment.delete(label)
    }
  return merged ? { bySegment, merged } : { bySegment }
}

export interface TopRow {
  name: string
  visitors: number
}

/** The top five pages and sources of one segment. */
export async function loadTop(
  domain: string,
  period: string,
  segment: string,
): Promise<{ pages: TopRow[]; sources: TopRow[] }> {
  const filters: Filter[] = [['is', 'visit:segment', [segment]]]
  const one = async (dimension: string) => {
    const r = await queryStats({
      site_id: domain,
      metrics: ['visitors'],
      date_range: period,
      dimensions: [dimension],
      filters,
      order_by: [['visitors', 'desc']],
      pagination: { limit: 5 },
    })
    return r.results.map((row) => ({
      name: row.dimensions[0] ?? '',
      visitors: row.metrics[0] ?? 0,
    }))
  }
  const [pages, sources] = await Promise.all([one('event:page'), one('visit:source')])
  return { pages, sources }
}

/**
 * Daily visitors per chosen segment in uPlot's columnar shape: `[xs, ys₁, ys₂, …]`, xs the
 * days (seconds, the site's calendar day read as UTC), ysₙ the n-th segment's visitors or
 * null where the floor hides it.
 */
export async function loadTrends(
  domain: string,
  period: string,
  segments: readonly string[],
): Promise<Array<Array<number | null>>> {
  const r = await queryStats({
    site_id: domain,
    metrics: ['visitors'],
    date_range: period,
    dimensions: ['time:day', 'visit:segment'],
    filters: [['is', 'visit:segment', [...segments]]],
    include: { time_labels: true },
  })
  const labels = r.meta.time_labels ?? []
  const index = new Map(labels.map((l, i) => [l.slice(0, 10), i]))
  const xs = labels.map((l) => Date.parse(`${l.slice(0, 10)}T00:00:00Z`) / 1000)
  const series = segments.map(() => labels.map((): number | null => null))
  for (const row of r.results) {
    const i = index.get((row.dimensions[0] ?? '').slice(0, 10))
    const s = segments.indexOf(row.dimensions[1] ?? '')
    const target = s >= 0 ? series[s] : undefined
    if (i !== undefined && target) target[i] = row.metrics[0] ?? null
  }
  return [xs, ...series]
}
