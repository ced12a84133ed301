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

/** One row per goal an event completes (an event can complete several), labelled by name. */
export function goalDimension(goals: Goal[], params: ParamBag): string {
  if (goals.length === 0) return `arrayJoin(CAST([], 'Array(String)'))`
  const items = goals.map(
    (g) => `if(${goalCondition(g, params)}, ${params.add(g.displayName, 'String')}, '')`,
  )
  return `arrayJoin(arrayFilter(x -> x != '', [${items.join(', ')}]))`
}
