import { getGoals } from '../goals/goals'
import type { Site } from '../sites/sites'
import type { Store } from '../store'
import { StatsQueryError } from './errors'
import { filterLeaves } from './filters-parse'
import { assertPatternsCompile } from './filters-regex'
import { getQueryResult, type QueryResult } from './get-query-result'
import { parseQuery, type QueryBody } from './parse-query'
import { windowIso } from './time-labels'

export interface StatsResponse extends QueryResult {
  query: Record<string, unknown>
}

/**
 * Answers a Stats API v2 body for a site whose access was already checked: the response is
 * `{ results, meta, query }`, the query echoed with its dates resolved in the site's zone.
 * Throws StatsQueryError (a 400) for anything the body gets wrong.
 */
export async function runStatsQuery(
  store: Store,
  site: Site,
  body: QueryBody,
  now: number,
): Promise<StatsResponse> {
  const parsed = parseQuery(body, site, now)
  if (!parsed.ok) throw new StatsQueryError(parsed.field, parsed.error.replace(/^[^:]*: /, ''))
  const query = parsed.value
  await assertPatternsCompile(store, query.filters)
  // Goals are read only by a goal dimension or a goal filter.
  const usesGoals =
    query.dimensions.includes('event:goal') ||
    filterLeaves(query.filters).some((leaf) => leaf.dimension === 'event:goal')
  const goals = usesGoals ? await getGoals(store, site.id) : []
  const result = await getQueryResult(store, query, { goals, kAnonymity: site.settings.kAnonymity })
  const comparisonRange = query.comparison && windowIso(query.comparison.window, site.timezone)
  return {
    results: result.results,
    meta: { ...result.meta, ...(comparisonRange && { comparison_date_range: comparisonRange }) },
    query: {
      site_id: site.domain,
      metrics: query.metrics,
      date_range: windowIso(query.window, site.timezone),
      dimensions: query.dimensions,
      filters: body.filters,
      order_by: query.orderBy,
      include: body.include,
      pagination: { limit: query.limit, offset: query.offset },
      ...(comparisonRange && { comparison_date_range: comparisonRange }),
    },
  }
}
