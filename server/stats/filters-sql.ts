import type { Goal } from '../goals/goals'
import { segmentNameKeySql } from '../segments/name-key'
import { COUNTRIES, countryCode, countryCodesWhere } from './countries'
import { DIMENSIONS, PROP_NONE, PROPS_PREFIX } from './dimensions'
import { StatsQueryError } from './errors'
import { anyGoalCondition, goalCondition } from './goals-sql'
import type { ParamBag } from './params'
import type { Filter, FilterOp, TimeWindow } from './query'
import { windowCondition } from './window-sql'

/** Where a part reads: visits, events, or the hourly rollup of visits. */
export type Table = 'sessions' | 'events' | 'sessions_hourly'
type Leaf = Extract<Filter, { values: string[] }>

export interface FilterContext {
  table: Table
  siteId: number
  window: TimeWindow
  timezone: string
  goals: Goal[]
  params: ParamBag
}

const NEGATIVE: Partial<Record<FilterOp, FilterOp>> = {
  is_not: 'is',
  contains_not: 'contains',
  matches_not: 'matches',
}

/** The WHERE conditions for a filter list (implicitly and-ed); '1' when there are none. */
export function filtersSql(filters: Filter[], ctx: FilterContext): string {
  return filters.length === 0 ? '1' : filters.map((f) => filterSql(f, ctx)).join(' AND ')
}

function filterSql(filter: Filter, ctx: FilterContext): string {
  if ('filters' in filter)
    return `(${filter.filters.map((f) => filterSql(f, ctx)).join(filter.op === 'and' ? ' AND ' : ' OR ')})`
  if (filter.op === 'has_done' || filter.op === 'has_not_done') {
    // Plausible's behavioural filters: the visits with a hit (not an engagement report) in the
    // window that meets the inner filter, on visits and on events alike.
    const done = `session_id IN (SELECT session_id FROM events WHERE site_id = ${ctx.params.add(ctx.siteId, 'UInt32')} AND ${windowCondition('timestamp', ctx.window, ctx.timezone, ctx.params)} AND name != 'engagement' AND ${filterSql(filter.filter, { ...ctx, table: 'events' })})`
    return filter.op === 'has_done' ? done : `NOT (${done})`
  }
  if ('filter' in filter) return `NOT (${filterSql(filter.filter, ctx)})`
  const positive = NEGATIVE[filter.op]
  const leaf = positive ? { ...filter, op: positive } : filter
  const home = leafTable(leaf.dimension)
  let sql: string
  if (home === ctx.table || home === 'both') sql = positiveSql(leaf, ctx.table, ctx)
  else if (ctx.table === 'sessions') {
    // An event condition on visits: the visits that had at least one such event.
    sql = `session_id IN (SELECT session_id FROM events WHERE site_id = ${ctx.params.add(ctx.siteId, 'UInt32')} AND ${windowCondition('timestamp', ctx.window, ctx.timezone, ctx.params)} AND ${positiveSql(leaf, 'events', ctx)})`
  } else {
    // A visit condition on events: the events of visits that meet it. Visits that began
    // up to a day before the window still own events inside it.
    const mutable = DIMENSIONS[leaf.dimension]?.mutable === true
    sql = `session_id IN (SELECT session_id FROM sessions${mutable ? ' FINAL' : ''} WHERE site_id = ${ctx.params.add(ctx.siteId, 'UInt32')} AND ${mutable ? 'sign = 1' : 'sign > 0'} AND ${windowCondition('start', ctx.window, ctx.timezone, ctx.params, 86_400_000)} AND ${positiveSql(leaf, 'sessions', ctx)})`
  }
  return positive ? `NOT (${sql})` : sql
}

/** Which table answers a filter on this dimension by itself. */
export function leafTable(dimension: string): Table | 'both' {
  if (dimension === 'event:goal' || dimension.startsWith(PROPS_PREFIX)) return 'events'
  const def = DIMENSIONS[dimension]
  if (!def) throw new StatsQueryError('filters', `cannot filter by ${dimension}`)
  if (def.scope === 'event') return def.event ? 'events' : 'sessions'
  // Events carry their visit's attribution (set by the collector), so a filter on it needs no
  // join; a column that can change during a visit is read from the visit.
  return def.event && !def.mutable ? 'both' : 'sessions'
}

/** The column expression a filter compares, in one table. */
function columnOf(dimension: string, table: Table, params: ParamBag): string {
  if (dimension.startsWith(PROPS_PREFIX))
    return `props[${params.add(dimension.slice(PROPS_PREFIX.length), 'String')}]`
  const def = DIMENSIONS[dimension]
  const column = table === 'sessions' ? def?.session : def?.event
  if (!column) throw new StatsQueryError('filters', `${dimension} cannot be read from ${table}`)
  return column
}

function positiveSql(leaf: Leaf, table: Table, ctx: FilterContext): string {
  if (leaf.dimension === 'event:goal')
    return leaf.op === 'matches'
      ? goalsMatchingSql(leaf, ctx.goals, ctx.params)
      : anyGoalCondition(matchGoals(leaf, ctx.goals), ctx.params)
  const column = columnOf(leaf.dimension, table, ctx.params)
  const def = DIMENSIONS[leaf.dimension]
  // Only codes are stored: a pattern or part of a name is matched against the names here,
  // patterns by RE2 like every other pattern of a query.
  if (leaf.dimension === 'visit:country_name' && leaf.op === 'matches') {
    const codes = ctx.params.add(COUNTRIES.codes, 'Array(String)')
    const names = ctx.params.add(COUNTRIES.names, 'Array(String)')
    const patterns = patternsParam(leaf, ctx.params)
    return `${column} IN arrayFilter((c, n) -> arrayExists(p -> match(n, p), ${patterns}), ${codes}, ${names})`
  }
  if (leaf.dimension === 'visit:country_name' && leaf.op !== 'is')
    return `${column} IN ${ctx.params.add(countryCodesWhere(nameTest(leaf)), 'Array(String)')}`
  let values = leaf.values
  if (leaf.dimension === 'visit:country_name')
    values = values.map((v) => (leaf.op === 'is' ? (countryCode(v) ?? v) : v))
  const { params } = ctx
  const ci = !leaf.caseSensitive
  // The label a breakdown shows for "no value" stands for the empty value in an is filter.
  const label = leaf.dimension.startsWith(PROPS_PREFIX) ? PROP_NONE : def?.emptyLabel
  if (label !== undefined && leaf.op === 'is')
    values = values.map((v) =>
      v === label || (ci && v.toLowerCase() === label.toLowerCase()) ? '' : v,
    )
  // Segment names compare as the resolver compares them (server/segments/name-key.ts): both
  // the column and the values folded in ClickHouse, by one expression.
  if (ci && leaf.dimension === 'visit:segment' && leaf.op !== 'matches') {
    const key = segmentNameKeySql(column)
    const folded = (vs: string[]) =>
      `arrayMap(segment_value -> ${segmentNameKeySql('segment_value')}, ${params.add(vs, 'Array(String)')})`
    if (leaf.op === 'is') return `${key} IN ${folded(values)}`
    const groups: string[] = []
    for (let i = 0; i < values.length; i += 255)
      groups.push(`multiSearchAnyUTF8(${key}, ${folded(values.slice(i, i + 255))})`)
    return groups.length === 1 ? groups[0]! : `(${groups.join(' OR ')})`
  }
  switch (leaf.op) {
    case 'is':
      return ci
        ? `lowerUTF8(${column}) IN ${params.add(
            values.map((v) => v.toLowerCase()),
            'Array(String)',
          )}`
        : `${column} IN ${params.add(values, 'Array(String)')}`
    case 'contains': {
      // multiSearchAny takes at most 255 needles.
      const fn = ci ? 'multiSearchAnyCaseInsensitiveUTF8' : 'multiSearchAnyUTF8'
      const groups: string[] = []
      for (let i = 0; i < values.length; i += 255)
        groups.push(`${fn}(${column}, ${params.add(values.slice(i, i + 255), 'Array(String)')})`)
      return groups.length === 1 ? groups[0]! : `(${groups.join(' OR ')})`
    }
    default:
      return `(${values.map((v) => `match(${column}, ${params.add(ci ? `(?i)${v}` : v, 'String')})`).join(' OR ')})`
  }
}

/** A contains leaf as a test of a name. */
function nameTest(leaf: Leaf): (name: string) => boolean {
  const ci = !leaf.caseSensitive
  const parts = leaf.values.map((v) => (ci ? v.toLowerCase() : v))
  return (name) => parts.some((p) => (ci ? name.toLowerCase() : name).includes(p))
}

/** A matches leaf's patterns as one Array(String) parameter (RE2, as every pattern of a query). */
function patternsParam(leaf: Leaf, params: ParamBag): string {
  const patterns = leaf.values.map((v) => (leaf.caseSensitive ? v : `(?i)${v}`))
  return params.add(patterns, 'Array(String)')
}

/** The events completing a goal whose name matches one of a matches leaf's patterns. */
function goalsMatchingSql(leaf: Leaf, goals: Goal[], params: ParamBag): string {
  if (goals.length === 0) return '0'
  const patterns = patternsParam(leaf, params)
  const terms = goals.map(
    (g) =>
      `(arrayExists(p -> match(${params.add(g.displayName, 'String')}, p), ${patterns}) AND ${goalCondition(g, params)})`,
  )
  return `(${terms.join(' OR ')})`
}

/** The goals an is or contains goal filter names; naming a goal the site does not have is an error. */
export function matchGoals(leaf: Leaf, goals: Goal[]): Goal[] {
  const ci = !leaf.caseSensitive
  const norm = (s: string) => (ci ? s.toLowerCase() : s)
  if (leaf.op === 'is') {
    for (const v of leaf.values)
      if (!goals.some((g) => norm(g.displayName) === norm(v)))
        throw new StatsQueryError(
          'filters',
          `the goal "${v.slice(0, 80)}" is not set up for this site`,
        )
    return goals.filter((g) => leaf.values.some((v) => norm(v) === norm(g.displayName)))
  }
  return goals.filter((g) => leaf.values.some((v) => norm(g.displayName).includes(norm(v))))
}
