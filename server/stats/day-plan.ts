import type { Store } from '../store'
import { getDayStates, sameSums, type DayState, type SealedDay } from './day-states'

const DAY_MS = 86_400_000
const BUCKET_MS = 900_000

/** How a counted day meets a window [from, to). */
export type Cut = 'inside' | 'from' | 'to'

export interface Plan {
  /** Counted days that meet the windows, none of them cut on both sides by one window. */
  days: SealedDay[]
  /** Start of the first uncounted day: visits from it on are read from the tables. */
  liveFrom: number | undefined
}

/** The last day states read per store, site and range: a guess that each use verifies. */
const lastStates = new WeakMap<Store, Map<string, DayState[]>>()

/** Where an answer reads the current day states along with its counts. */
export type StatesRange = { siteId: number; from: number; before: number }

/**
 * Runs `answer` on the plan of the counted days for the windows, or returns undefined when
 * they cannot answer them. The plan comes from the day states last read for the same range,
 * and the answer reads the current states in the same query; it stands only if those give
 * the same plan (otherwise it is answered again on them). So a dashboard's queries need no
 * extra round trip, and every answer rests on the states read with it. An answer's `keep` runs
 * once it stands (the counted days it read may then be remembered).
 */
export async function withPlan<T>(
  store: Store,
  siteId: number,
  windows: Array<[number, number]>,
  answer: (
    plan: Plan,
    states?: StatesRange,
  ) => Promise<{ value: T; states?: DayState[]; keep?: () => void }>,
): Promise<T | undefined> {
  const from = Math.min(...windows.map((w) => w[0]))
  const to = Math.max(...windows.map((w) => w[1]))
  if (windows.some(([a, b]) => a % BUCKET_MS !== 0 || b % BUCKET_MS !== 0)) return undefined
  // The salt day before the window can still have hits in it (a visit over midnight).
  const first = Math.floor(from / DAY_MS) * DAY_MS - DAY_MS
  // Whole days: a day's sums are compared with what was counted for all of it.
  const range = { siteId, from: first, before: Math.ceil(to / DAY_MS) * DAY_MS }
  const key = `${siteId}:${range.from}:${range.before}`
  const cache = lastStates.get(store) ?? new Map<string, DayState[]>()
  lastStates.set(store, cache)
  if (cache.size > 1000) cache.clear()
  const guess = cache.get(key)
  const guessed = guess && planDays(guess, first, to, windows)
  if (guessed) {
    const early = await answer(guessed, range)
    const states = early.states ?? []
    cache.set(key, states)
    const plan = planDays(states, first, to, windows)
    if (!plan) return undefined
    if (samePlan(guessed, plan)) return kept(early)
    return kept(await answer(plan))
  }
  const states = await getDayStates(store, range)
  cache.set(key, states)
  const plan = planDays(states, first, to, windows)
  return plan && kept(await answer(plan))
}

/** An answer that stands: what it read of counted days may be kept for the next ones. */
function kept<T>(answer: { value: T; keep?: () => void }): T {
  answer.keep?.()
  return answer.value
}

function samePlan(a: Plan, b: Plan): boolean {
  return (
    a.liveFrom === b.liveFrom &&
    a.days.length === b.days.length &&
    a.days.every((d, i) => {
      const e = b.days[i]
      return (
        e !== undefined &&
        d.dayMs === e.dayMs &&
        d.generation === e.generation &&
        d.firstMs === e.firstMs &&
        d.endMs === e.endMs
      )
    })
  )
}

/** Plans the counted days for the windows from day states; undefined when they cannot answer. */
function planDays(
  list: DayState[],
  first: number,
  to: number,
  windows: Array<[number, number]>,
): Plan | undefined {
  const states = new Map(list.map((state) => [state.sums.dayMs, state]))
  const counted: SealedDay[] = []
  let liveFrom: number | undefined
  for (let day = first; day < to; day += DAY_MS) {
    const state = states.get(day)
    const s = state?.sums
    const c = state?.sealed
    const empty = !s || (s.visits === 0 && s.pageviews === 0 && s.events === 0)
    if (c && s && sameSums(c, s)) {
      // A counted day after an uncounted one: the uncounted visitors are not a suffix.
      if (liveFrom !== undefined) return undefined
      counted.push(c)
    } else if (!empty || c) liveFrom ??= day
  }
  if (counted.length === 0) return undefined
  for (const day of counted)
    for (const [a, b] of windows) if (day.firstMs < a && day.endMs > b) return undefined
  return { days: counted, liveFrom }
}

export function cutOf(day: SealedDay, [a, b]: [number, number]): Cut | undefined {
  if (day.endMs <= a || day.firstMs >= b) return undefined
  return day.firstMs < a ? 'from' : day.endMs > b ? 'to' : 'inside'
}
