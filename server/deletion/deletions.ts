import { randomUUID } from 'node:crypto'
import { oneAtATime } from '../one-at-a-time'
import type { Store } from '../store'

/**
 * Runs `task` after every earlier change of the site's deletions: scheduling checks and saves,
 * cancelling checks and saves, and the job takes a due one, each without another in between.
 */
export const withSiteDeletions = <T>(siteId: number, task: () => Promise<T>): Promise<T> =>
  oneAtATime(`deletions:${siteId}`, task)

/** Ids of the deletions being carried out now: too late to cancel them. */
export const runningDeletions = new Set<string>()

/** Days a scheduled deletion waits, during which it can be cancelled. */
export const GRACE_MS = 30 * 24 * 3600_000

/**
 * What is to be deleted:
 * - `site`: all of the site's data and the site itself
 * - `site_data`: all of the site's data; the site and its settings stay
 * - `range`: the site's data from `from` to `to` (epoch ms, `to` exclusive)
 * - `retention`: shortening retention to `retentionMonths`; older data goes
 */
export type DeletionRequest =
  | { kind: 'site' }
  | { kind: 'site_data' }
  | { kind: 'range'; from: number; to: number }
  | { kind: 'retention'; retentionMonths: number }

export type DeletionStatus = 'scheduled' | 'cancelled' | 'done' | 'failed'

export type Deletion = DeletionRequest & {
  id: string
  siteId: number
  requestedBy: string
  requestedAt: number
  dueAt: number
  status: DeletionStatus
  finishedAt: number | null
  /** What was done, or why it failed. */
  result: string
}

interface DeletionRow {
  id: string
  target_site: number
  kind: DeletionRequest['kind']
  range_from_ms: string
  range_to_ms: string
  retention_months: number
  requested_by: string
  requested_at_ms: string
  due_at_ms: string
  status: DeletionStatus
  finished_at_ms: string
  result: string
}

const SELECT = `SELECT id, target_site, kind,
  toUnixTimestamp64Milli(range_from) AS range_from_ms, toUnixTimestamp64Milli(range_to) AS range_to_ms,
  retention_months, requested_by, toUnixTimestamp64Milli(requested_at) AS requested_at_ms,
  toUnixTimestamp64Milli(due_at) AS due_at_ms, status,
  toUnixTimestamp64Milli(finished_at) AS finished_at_ms, result
  FROM scheduled_deletions FINAL`

function toRequest(row: DeletionRow): DeletionRequest {
  switch (row.kind) {
    case 'range':
      return { kind: 'range', from: Number(row.range_from_ms), to: Number(row.range_to_ms) }
    case 'retention':
      return { kind: 'retention', retentionMonths: Number(row.retention_months) }
    default:
      return { kind: row.kind }
  }
}

function toDeletion(row: DeletionRow): Deletion {
  const finished = Number(row.finished_at_ms)
  return {
    ...toRequest(row),
    id: row.id,
    siteId: Number(row.target_site),
    requestedBy: row.requested_by,
    requestedAt: Number(row.requested_at_ms),
    dueAt: Number(row.due_at_ms),
    status: row.status,
    finishedAt: finished > 0 ? finished : null,
    result: row.result,
  }
}

/** Writes the whole row as a new version. */
export async function saveDeletion(store: Store, d: Deletion, now: number): Promise<void> {
  await store.writer.insert('scheduled_deletions', [
    {
      id: d.id,
      target_site: d.siteId,
      kind: d.kind,
      range_from: d.kind === 'range' ? d.from : 0,
      range_to: d.kind === 'range' ? d.to : 0,
      retention_months: d.kind === 'retention' ? d.retentionMonths : 0,
      requested_by: d.requestedBy,
      requested_at: d.requestedAt,
      due_at: d.dueAt,
      status: d.status,
      finished_at: d.finishedAt ?? 0,
      result: d.result,
      updated_at: now,
    },
  ])
}

export function newDeletion(
  siteId: number,
  request: DeletionRequest,
  requestedBy: string,
  now: number,
): Deletion {
  return {
    ...request,
    id: randomUUID(),
    siteId,
    requestedBy,
    requestedAt: now,
    dueAt: now + GRACE_MS,
    status: 'scheduled',
    finishedAt: null,
    result: '',
  }
}

/** A site's deletions, newest first. */
export async function listDeletions(store: Store, siteId: number): Promise<Deletion[]> {
  const rows = await store.reader.query<DeletionRow>(
    'listDeletions',
    `${SELECT} WHERE target_site = {site:UInt32} ORDER BY requested_at_ms DESC`,
    { site: siteId },
  )
  return rows.map(toDeletion)
}

export async function getDeletion(store: Store, id: string): Promise<Deletion | undefined> {
  const rows = await store.reader.query<DeletionRow>(
    'getDeletion',
    `${SELECT} WHERE id = {id:String}`,
    { id },
  )
  return rows[0] && toDeletion(rows[0])
}

/** Scheduled deletions whose grace period is over. */
export async function listDueDeletions(store: Store, now: number): Promise<Deletion[]> {
  const rows = await store.reader.query<DeletionRow>(
    'listDueDeletions',
    `${SELECT} WHERE status = 'scheduled' AND due_at <= fromUnixTimestamp64Milli({now:Int64}, 'UTC')
     ORDER BY due_at_ms`,
    { now },
  )
  return rows.map(toDeletion)
}
