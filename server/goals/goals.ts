import { randomUUID } from 'node:crypto'
import type { Store } from '../store'

export interface Goal {
  id: string
  siteId: number
  kind: 'page' | 'event'
  /** For event goals: the custom event's name. */
  eventName: string
  /** For page goals: a path where * matches within one segment and ** across segments. */
  pagePath: string
  displayName: string
  /** ISO 4217 code for revenue goals, else ''. */
  currency: string
  createdAt: number
}

export type GoalInput = Pick<Goal, 'kind' | 'eventName' | 'pagePath' | 'displayName' | 'currency'>

interface GoalRow {
  id: string
  site_id: number
  kind: string
  event_name: string
  page_path: string
  display_name: string
  currency: string
  created_at: string
}

const toGoal = (r: GoalRow): Goal => ({
  id: r.id,
  siteId: r.site_id,
  kind: r.kind === 'page' ? 'page' : 'event',
  eventName: r.event_name,
  pagePath: r.page_path,
  displayName: r.display_name,
  currency: r.currency,
  createdAt: Number(r.created_at),
})

/** The goals of a site, oldest first. */
export async function getGoals(store: Store, siteId: number): Promise<Goal[]> {
  const rows = await store.reader.query<GoalRow>(
    'getGoals',
    `SELECT id, site_id, kind, event_name, page_path, display_name, currency,
       toUnixTimestamp64Milli(created_at) AS created_at
     FROM goals FINAL WHERE deleted = 0 AND site_id = {site:UInt32}
     ORDER BY created_at, id`,
    { site: siteId },
  )
  return rows.map(toGoal)
}

/** Writes a goal (a new one when `id` is not given) as a whole row version. */
export async function saveGoal(
  store: Store,
  siteId: number,
  input: GoalInput,
  now: number,
  existing?: Goal,
): Promise<Goal> {
  const goal: Goal = {
    id: existing?.id ?? randomUUID(),
    siteId,
    createdAt: existing?.createdAt ?? now,
    ...input,
  }
  await store.writer.insert('goals', [
    {
      site_id: siteId,
      id: goal.id,
      kind: goal.kind,
      event_name: goal.eventName,
      page_path: goal.pagePath,
      display_name: goal.displayName,
      currency: goal.currency,
      created_at: goal.createdAt,
      updated_at: now,
      deleted: 0,
    },
  ])
  return goal
}

/** Removes a goal; funnels that use it keep their other steps readable but stop matching it. */
export async function deleteGoal(store: Store, goal: Goal, now: number): Promise<void> {
  // The newest version wins: a goal dated ahead of the clock (made within the same millisecond
  // as the one before) must not outlive its deletion.
  const version = Math.max(now, goal.createdAt + 1)
  await store.writer.insert('goals', [
    {
      site_id: goal.siteId,
      id: goal.id,
      kind: goal.kind,
      event_name: goal.eventName,
      page_path: goal.pagePath,
      display_name: goal.displayName,
      currency: goal.currency,
      created_at: goal.createdAt,
      updated_at: version,
      deleted: 1,
    },
  ])
}

/**
 * The RE2 pattern for a page goal's path: `**` spans segments, `*` stays within one, and
 * every other character is literal (so a path can never inject regex syntax).
 */
export function pagePathPattern(path: string): string {
  const parts = path.split(/(\*\*|\*)/)
  const body = parts
    .map((p) => (p === '**' ? '.*' : p === '*' ? '[^/]*' : p.replace(/[\\^$.|?+()[\]{}]/g, '\\$&')))
    .join('')
  return `^${body}$`
}
