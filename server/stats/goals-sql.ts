import { pagePathPattern, type Goal } from '../goals/goals'
import type { ParamBag } from './params'

/** The condition an events row meets when it completes the goal. */
export function goalCondition(goal: Goal, params: ParamBag): string {
  return goal.kind === 'page'
    ? `(name = 'pageview' AND match(pathname, ${params.add(pagePathPattern(goal.pagePath), 'String')}))`
    : `(name = ${params.add(goal.eventName, 'String')})`
}

/** Any of the goals; false for none. */
export function anyGoalCondition(goals: Goal[], params: ParamBag): string {
  return goals.length === 0 ? '0' : `(${goals.map((g) => goalCondition(g, params)).join(' OR ')})`
}

/**
 * A hit's revenue as revenue metrics count it: only in the currency of a revenue goal the hit
 * completes, so amounts in other currencies (or of goals without one) are never added up.
 */
export function revenueAmountSql(goals: Goal[], params: ParamBag): string {
  const paid = goals.filter((g) => g.currency !== '')
  if (paid.length === 0) return 'toDecimal64(0, 3)'
  const terms = paid.map(
    (g) =>
      `(${goalCondition(g, params)} AND revenue_currency = ${params.add(g.currency, 'String')})`,
  )
  return `if(${terms.join(' OR ')}, revenue_amount, toDecimal64(0, 3))`
}

/** One row per goal an event completes (an event can complete several), labelled by name. */
export function goalDimension(goals: Goal[], params: ParamBag): string {
  if (goals.length === 0) return `arrayJoin(CAST([], 'Array(String)'))`
  const items = goals.map(
    (g) => `if(${goalCondition(g, params)}, ${params.add(g.displayName, 'String')}, '')`,
  )
  return `arrayJoin(arrayFilter(x -> x != '', [${items.join(', ')}]))`
}
