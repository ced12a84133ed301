import type { Store } from '../store'
import { fetchRows, type Row, type RowsRequest } from './fetch-rows'
import { filterLeaves } from './filters-parse'

export interface KAnonymity {
  k: number
  /** Segments shown together under the merged label because each had fewer than k visitors. */
  mergedSegments: number
  /** Rows left out because they still described fewer than k visitors. */
  withheldRows: number
}

export const mergedLabel = (k: number) => `(fewer than ${k} visitors)`

/** True when a request reveals something about segments: a segment dimension or filter. */
export function touchesSegments(r: Pick<RowsRequest, 'dimensions' | 'filters'>): boolean {
  return (
    r.dimensions.includes('visit:segment') ||
    filterLeaves(r.filters).some((l) => l.dimension === 'visit:segment')
  )
}

/**
 * Which segments to show merged: every segment under k visitors, plus the smallest others
 * until the merged row reaches k, so it can be shown instead of withheld.
 */
export async function planSegmentMerge(
  store: Store,
  r: RowsRequest,
  k: number,
): Promise<{ small: string[]; label: string }> {
  const { rows } = await fetchRows(store, {
    ...r,
    dimensions: ['visit:segment'],
    metrics: ['visitors'],
    orderBy: [['visitors', 'asc']],
    keys: undefined,
    limit: undefined,
    offset: undefined,
    totalRows: false,
    segmentMerge: undefined,
  })
  const counts = rows.map((row) => ({
    segment: row.dimensions[0] ?? '',
    visitors: row.metrics.visitors ?? 0,
  }))
  const small = counts.filter((c) => c.visitors < k)
  const large = counts.filter((c) => c.visitors >= k)
  let sum = small.reduce((s, c) => s + c.visitors, 0)
  while (small.length > 0 && sum < k && large.length > 0) {
    const next = large.shift()
    if (!next) break
    small.push(next)
    sum += next.visitors
  }
  return { small: small.map((c) => c.segment), label: mergedLabel(k) }
}

/** Splits rows into those shown and those withheld because they describe fewer than k visitors. */
export function withholdSmallRows(rows: Row[], k: number): { kept: Row[]; withheld: Row[] } {
  const small = (r: Row) => (r.metrics.visitors ?? 0) > 0 && (r.metrics.visitors ?? 0) < k
  return { kept: rows.filter((r) => !small(r)), withheld: rows.filter(small) }
}
