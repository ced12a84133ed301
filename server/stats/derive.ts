import type { Store } from '../store'
import { fetchRows, type Row, type RowsRequest } from './fetch-rows'
import type { Filter, Metric } from './query'

const round = (v: number, digits: number) => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
const share = (part: number, whole: number, digits: number) =>
  whole > 0 ? round((100 * part) / whole, digits) : 0

/**
 * The filters without the goal conditions that must all hold (top level or inside "and"):
 * the base a conversion rate divides by. Goals under "or" or "not" stay: they shape the base.
 */
function withoutGoals(filters: Filter[]): Filter[] {
  return filters.flatMap((f): Filter[] => {
    if ('dimension' in f) return f.dimension === 'event:goal' ? [] : [f]
    if (f.op !== 'and') return [f]
    const rest = withoutGoals(f.filters)
    return rest.length === 0 ? [] : [{ op: 'and', filters: rest }]
  })
}

/**
 * Fills the metrics that are ratios of two queries: percentage (of all visitors),
 * conversion_rate (of all visitors, goals aside) and group_conversion_rate (of the visitors
 * in the same group, goals aside).
 */
export async function putDerivedMetrics(
  store: Store,
  r: RowsRequest,
  metrics: Metric[],
  rows: Row[],
  /** All visitors of the window when the rows came with it (only without filters). */
  visitorsTotal?: number,
): Promise<Map<Row, Partial<Record<Metric, number>>>> {
  const out = new Map<Row, Partial<Record<Metric, number>>>(rows.map((row) => [row, {}]))
  const base = {
    ...r,
    orderBy: undefined,
    limit: undefined,
    offset: undefined,
    totalRows: false,
    keys: undefined,
  }
  const unfiltered = visitorsTotal !== undefined && r.filters.length === 0
  /** All visitors of the window under `filters` (the total that came along when unfiltered). */
  const allVisitors = async (filters: Filter[]) =>
    unfiltered
      ? visitorsTotal
      : ((
          await fetchRows(store, {
            ...base,
            dimensions: [],
            metrics: ['visitors'],
            filters,
            segmentMerge: undefined,
          })
        ).rows[0]?.metrics.visitors ?? 0)
  if (metrics.includes('percentage')) {
    const all = await allVisitors(r.filters)
    for (const row of rows) out.get(row)!.percentage = share(row.metrics.visitors ?? 0, all, 1)
  }
  if (metrics.includes('conversion_rate')) {
    const all = await allVisitors(withoutGoals(r.filters))
    for (const row of rows) out.get(row)!.conversion_rate = share(row.metrics.visitors ?? 0, all, 2)
  }
  if (metrics.includes('group_conversion_rate')) {
    const kept = r.dimensions.map((d, i) => [d, i] as const).filter(([d]) => d !== 'event:goal')
    const groups = await fetchRows(store, {
      ...base,
      dimensions: kept.map(([d]) => d),
      metrics: ['visitors'],
      filters: withoutGoals(r.filters),
    })
    const byKey = new Map(
      groups.rows.map((g) => [JSON.stringify(g.dimensions), g.metrics.visitors ?? 0]),
    )
    for (const row of rows) {
      const key = JSON.stringify(kept.map(([, i]) => row.dimensions[i]))
      out.get(row)!.group_conversion_rate = share(row.metrics.visitors ?? 0, byKey.get(key) ?? 0, 2)
    }
  }
  return out
}
