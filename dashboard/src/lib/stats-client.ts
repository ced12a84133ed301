// Typed calls to the Stats API (POST /api/v2/query, Plausible v2 semantics). In a shared
// view the same queries go to the share endpoint, which pins them to the shared site.
import { request } from '../api'

export type FilterOp = 'is' | 'is_not' | 'contains' | 'contains_not'
export type Filter = [FilterOp, string, string[]]
export type DateRange = string | [string, string]
export type Comparison = 'previous_period' | 'year_over_year'

export interface StatsQuery {
  site_id: string
  metrics: string[]
  date_range: DateRange
  dimensions?: string[]
  filters?: Filter[]
  order_by?: Array<[string, 'asc' | 'desc']>
  include?: {
    time_labels?: boolean
    total_rows?: boolean
    imports?: boolean
    comparisons?: { mode: Comparison }
  }
  pagination?: { limit: number; offset?: number }
}

export interface StatsRow {
  metrics: Array<number | null>
  dimensions: string[]
  comparison?: {
    dimensions: string[]
    metrics: Array<number | null>
    change: Array<number | null>
  }
}

export interface StatsResult {
  results: StatsRow[]
  meta: {
    time_labels?: string[]
    total_rows?: number
    comparison_date_range?: [string, string]
    [key: string]: unknown
  }
  query: { date_range?: [string, string]; [key: string]: unknown }
}

interface ShareContext {
  token: string
  access?: string
}
let share: ShareContext | undefined

/** Routes every stats query through a public shared link instead of the session. */
export function setShareTransport(ctx: ShareContext | undefined) {
  share = ctx
}

/** Runs one Stats API query. */
export function queryStats(query: StatsQuery): Promise<StatsResult> {
  if (share)
    return request<StatsResult>(
      'POST',
      `/api/share/${encodeURIComponent(share.token)}/query`,
      query,
      share.access ? { 'x-share-access': share.access } : {},
    )
  return request<StatsResult>('POST', '/api/v2/query', query)
}
