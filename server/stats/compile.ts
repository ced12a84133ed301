import type { Goal } from '../goals/goals'
import { DIMENSIONS, isTimeDimension, PROPS_PREFIX } from './dimensions'
import { StatsQueryError } from './errors'
import { filterLeaves } from './filters-parse'
import { filtersSql, type Table } from './filters-sql'
import { anyGoalCondition, goalDimension, revenueAmountSql } from './goals-sql'
import { liveRowsHaving, metricSql, type SqlMetric } from './metrics-sql'
import { ParamBag } from './params'
import type { Filter, StatsQuery, TimeWindow } from './query'
import { dayCondition, timeBucket, windowBounds, windowCondition } from './window-sql'

/** One SELECT over one table: the unit the engine runs. */
export interface PartSpec {
  table: Table
  siteId: number
  timezone: string
  window: TimeWindow
  granularity: StatsQuery['timeGranularity']
  dimensions: string[]
  /** Read a dimension from another column (event:page → entry_page when visits answer). */
  dimensionColumns?: Record<string, string>
  metrics: SqlMetric[]
  filters: Filter[]
  goals: Goal[]
  /** Segments shown merged under one label (k-anonymity). */
  segmentMerge?: { small: string[]; label: string }
  /** Only these tuples of non-time dimension values. */
  keys?: string[][]
  orderBy?: Array<[string, 'asc' | 'desc']>
  limit?: number
  offset?: number
  totalRows?: boolean
  /** Only rows from this instant on, within the window. */
  since?: number
  /** Leave out the hits of visitors whose visits started in [from, to). */
  excludeVisitorsStarted?: [number, number]
}

export interface CompiledPart {
  sql: string
  params: Record<string, unknown>
}

/** Compiles a part to SQL in which every value is a typed parameter and every name is allow-listed. */
export function compilePart(spec: PartSpec, prefix = 'p'): CompiledPart {
  const params = new ParamBag(prefix)
  const { table } = spec
  const timeColumn = table === 'sessions' ? 'start' : table === 'events' ? 'timestamp' : 'hour'
  const where = [
    `site_id = ${params.add(spec.siteId, 'UInt32')}`,
    windowCondition(timeColumn, spec.window, spec.timezone, params),
    filtersSql(spec.filters, { ...spec, params }),
  ]
  // Engagement reports only feed scroll depth and time on page; skipping them halves the scan.
  const hitsOnly =
    table === 'events' && !spec.metrics.some((m) => m === 'scroll_depth' || m === 'time_on_page')
  if (hitsOnly) where.push(`name != 'engagement'`)
  if (spec.since !== undefined) {
    const [, to] = windowBounds(spec.window, spec.timezone)
    where.push(`${timeColumn} >= fromUnixTimestamp64Milli(${params.add(spec.since, 'Int64')})`)
    where.push(dayCondition(timeColumn, spec.since, Math.max(to, spec.since + 1), params))
  }
  // Visits start on their visitor hash's day, so only events can hold such visitors' hits, and
  // only visits that went on past `to` can have hits after it: the set stays small.
  if (spec.excludeVisitorsStarted && table === 'events') {
    const [from, to] = spec.excludeVisitorsStarted
    const end = params.add(to, 'Int64')
    where.push(`visitor_id NOT IN (SELECT visitor_id FROM sessions WHERE site_id = ${params.add(spec.siteId, 'UInt32')}
      AND start >= fromUnixTimestamp64Milli(${params.add(from, 'Int64')}) AND start < fromUnixTimestamp64Milli(${end})
      AND ${dayCondition('start', from, to, params)} AND timestamp >= fromUnixTimestamp64Milli(${end}))`)
  }
  // Visitors alone need only live visit states: every visit has one, with its visitor.
  const liveOnly = table === 'sessions' && spec.metrics.every((m) => m === 'visitors')
  if (liveOnly) where.push('sign > 0')
  const select: string[] = []
  const dimAliases: string[] = []
  // Grouping by the stored column (not the labelled expression) keeps ClickHouse's fast path.
  const groupBy: string[] = []
  let needsFinal = filterLeaves(spec.filters).some(
    (l) => table === 'sessions' && DIMENSIONS[l.dimension]?.mutable === true,
  )
  for (const [i, dim] of spec.dimensions.entries()) {
    const alias = `d${i}`
    dimAliases.push(alias)
    groupBy.push(alias)
    if (isTimeDimension(dim)) {
      const g = dim === 'time' ? spec.granularity : (dim.slice(5) as StatsQuery['timeGranularity'])
      select.push(`${timeBucket(timeColumn, g, spec.window, spec.timezone, params)} AS ${alias}`)
    } else if (dim === 'event:goal') {
      where.push(anyGoalCondition(spec.goals, params))
      select.push(`${goalDimension(spec.goals, params)} AS ${alias}`)
    } else if (dim.startsWith(PROPS_PREFIX)) {
      const key = params.add(dim.slice(PROPS_PREFIX.length), 'String')
      select.push(`if(props[${key}] = '', '(none)', props[${key}]) AS ${alias}`)
    } else {
      const def = DIMENSIONS[dim]
      const column =
        spec.dimensionColumns?.[dim] ?? (table === 'sessions' ? def?.session : def?.event)
      if (!def || !column)
        throw new StatsQueryError('dimensions', `${dim} cannot be combined with these metrics`)
      if (table === 'sessions' && def.mutable) needsFinal = true
      if (dim === 'visit:segment' && spec.segmentMerge) {
        where.push(`${column} != ''`)
        select.push(
          `if(${column} IN ${params.add(spec.segmentMerge.small, 'Array(String)')}, ${params.add(spec.segmentMerge.label, 'String')}, ${column}) AS ${alias}`,
        )
      } else if (def.emptyLabel === undefined) {
        where.push(`${column} != ''`)
        select.push(`${column} AS ${alias}`)
      } else {
        select.push(
          `if(${column} = '', ${params.add(def.emptyLabel, 'String')}, ${column}) AS ${alias}`,
        )
        groupBy[i] = column
      }
    }
  }
  const revenue = spec.metrics.some((m) => m === 'total_revenue' || m === 'average_revenue')
    ? revenueAmountSql(spec.goals, params)
    : undefined
  for (const m of spec.metrics) {
    const expr = liveOnly ? 'uniqExact(visitor_id)' : metricSql(m, table, hitsOnly, revenue)
    if (!expr) throw new StatsQueryError('metrics', `${m} cannot be computed here`)
    // Aliases differ from column names: `sum(sign * pageviews) AS pageviews` would refer to itself.
    select.push(`${expr} AS m_${m}`)
  }
  if (spec.totalRows) select.push('count() OVER () AS total_rows')
  const having = [liveOnly ? '1' : liveRowsHaving(table, hitsOnly)]
  if (spec.keys) {
    const keyAliases = spec.dimensions.flatMap((d, i) => (isTimeDimension(d) ? [] : [`d${i}`]))
    // Tuples travel as arrays (a parameter of tuples needs a syntax the client does not write).
    if (keyAliases.length === 1)
      having.push(
        `${keyAliases[0]} IN ${params.add(
          spec.keys.map((k) => k[0]),
          'Array(String)',
        )}`,
      )
    else if (keyAliases.length > 1)
      having.push(
        `(${keyAliases.join(', ')}) IN arrayMap(k -> (${keyAliases.map((_, i) => `k[${i + 1}]`).join(', ')}), ${params.add(spec.keys, 'Array(Array(String))')})`,
      )
  }
  const order = (spec.orderBy ?? []).map(([key, dir]) => {
    const i = spec.dimensions.indexOf(key)
    const name = i >= 0 ? `d${i}` : `m_${key}`
    if (i < 0 && !spec.metrics.includes(key as SqlMetric))
      throw new StatsQueryError('order_by', `cannot order by ${key} with these dimensions`)
    return `${name} ${dir === 'asc' ? 'ASC' : 'DESC'}`
  })
  // Ties break on the dimension values, so pages of a breakdown never overlap.
  for (const a of dimAliases) if (!order.some((o) => o.startsWith(`${a} `))) order.push(`${a} ASC`)
  let sql = `SELECT ${select.join(', ')} FROM ${table}${needsFinal ? ' FINAL' : ''} WHERE ${where.join(' AND ')}`
  if (groupBy.length > 0) sql += ` GROUP BY ${groupBy.join(', ')}`
  sql += ` HAVING ${having.join(' AND ')}`
  if (order.length > 0) sql += ` ORDER BY ${order.join(', ')}`
  if (spec.limit !== undefined)
    sql += ` LIMIT ${params.add(spec.limit, 'UInt32')} OFFSET ${params.add(spec.offset ?? 0, 'UInt32')}`
  return { sql, params: params.values }
}
