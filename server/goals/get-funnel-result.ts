import { isEventDimension } from '../stats/dimensions'
import { directLeaves } from '../stats/filters-parse'
import { assertPatternsCompile } from '../stats/filters-regex'
import { filtersSql } from '../stats/filters-sql'
import { goalCondition } from '../stats/goals-sql'
import { touchesSegments } from '../stats/k-anonymity'
import { ParamBag } from '../stats/params'
import type { Filter, TimeWindow } from '../stats/query'
import { windowCondition } from '../stats/window-sql'
import type { Store } from '../store'
import type { Funnel } from './funnels'
import type { Goal } from './goals'

export interface FunnelStepResult {
  name: string
  visitors: number
  /** Per cent of the first step's visitors who reached this step. */
  conversionRate: number
  /** Visitors who reached the step before but not this one. */
  dropOff: number
}

export interface FunnelResult {
  steps: FunnelStepResult[]
  /** Present when a filter names segments: steps from the first under k visitors on are left out. */
  kAnonymity?: { k: number; withheldSteps: number }
}

/**
 * Visitors reaching each step of a funnel: a visit counts for step n when it completed steps
 * 1…n in that order (other events may come between). A visitor counts once per step. Visit
 * filters apply to every step; filters on event dimensions (but the host name) to the hits of
 * custom-event steps only. Under a segment filter no step describes fewer than `kAnonymity`
 * visitors (docs/metrics.md).
 */
export async function getFunnelResult(
  store: Store,
  input: {
    siteId: number
    timezone: string
    window: TimeWindow
    filters: Filter[]
    funnel: Funnel
    goals: Goal[]
    kAnonymity: number
  },
): Promise<FunnelResult> {
  await assertPatternsCompile(store, input.filters)
  const params = new ParamBag()
  const ctx = {
    table: 'events' as const,
    siteId: input.siteId,
    window: input.window,
    timezone: input.timezone,
    goals: input.goals,
    params,
  }
  // A filter on what a single custom event carries (its name, page, properties, goal) narrows
  // the custom-event steps only: a page view of another step never carries the same values.
  const stepOnly = input.filters.filter((f) =>
    directLeaves([f]).some((l) => isStepDimension(l.dimension)),
  )
  const everyStep = input.filters.filter((f) => !stepOnly.includes(f))
  const stepFilter = stepOnly.length > 0 ? filtersSql(stepOnly, ctx) : undefined
  const steps = input.funnel.steps.map((id) => input.goals.find((g) => g.id === id))
  const conditions = steps.map((g) =>
    !g
      ? '0'
      : g.kind === 'event' && stepFilter
        ? `(${goalCondition(g, params)} AND ${stepFilter})`
        : goalCondition(g, params),
  )
  const reached = steps.map((_, i) => `uniqExactIf(visitor_id, level >= ${i + 1}) AS s${i + 1}`)
  // A visit lasts at most a day here: the window only has to hold one visit's steps.
  const sql = `SELECT ${reached.join(', ')} FROM (
    SELECT session_id, any(visitor_id) AS visitor_id,
      windowFunnel(86400000)(toUInt64(toUnixTimestamp64Milli(timestamp)), ${conditions.join(', ')}) AS level
    FROM events
    WHERE site_id = ${params.add(input.siteId, 'UInt32')}
      AND ${windowCondition('timestamp', input.window, input.timezone, params)}
      AND (${conditions.join(' OR ')})
      AND ${filtersSql(everyStep, ctx)}
    GROUP BY session_id)`
  const [row] = await store.reader.query<Record<string, string | number>>(
    'getFunnelResult',
    sql,
    params.values,
  )
  const counts = steps.map((_, i) => Number(row?.[`s${i + 1}`] ?? 0))
  const first = counts[0] ?? 0
  const results = steps.map((g, i) => ({
    name: g?.displayName ?? '(deleted goal)',
    visitors: counts[i] ?? 0,
    conversionRate: first > 0 ? Math.round(((counts[i] ?? 0) * 10000) / first) / 100 : 0,
    dropOff: i === 0 ? 0 : (counts[i - 1] ?? 0) - (counts[i] ?? 0),
  }))
  if (!touchesSegments({ dimensions: [], filters: input.filters })) return { steps: results }
  // Counts only fall from step to step: once one is under k, every later step (and the
  // drop-off to a later zero) would describe those few visitors too.
  const k = input.kAnonymity
  const cut = counts.findIndex((n) => n > 0 && n < k)
  const kept = cut < 0 ? results : results.slice(0, cut)
  return { steps: kept, kAnonymity: { k, withheldSteps: results.length - kept.length } }
}

/** Dimensions of a single hit that a page view of another step does not share (the host it does). */
function isStepDimension(dimension: string): boolean {
  return isEventDimension(dimension) && dimension !== 'event:hostname'
}
