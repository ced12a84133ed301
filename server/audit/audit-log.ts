import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Store } from '../store'

/**
 * Everything the audit log records. Other areas add their actions here (exports, CRM imports),
 * so the list stays in one place and the dashboard can name each one.
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'password_changed',
  'password_reset',
  'password_reset_link_created',
  '2fa_enabled',
  '2fa_disabled',
  '2fa_reset',
  'recovery_codes_regenerated',
  'sessions_revoked',
  'user_created',
  'user_removed',
  'user_admin_changed',
  'invite_created',
  'invite_withdrawn',
  'invite_accepted',
  'role_changed',
  'member_removed',
  'api_key_created',
  'api_key_revoked',
  'instance_policy_changed',
  'site_created',
  'deletion_scheduled',
  'deletion_cancelled',
  'deletion_done',
  'deletion_failed',
  'export',
  'crm_import',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface AuditEntry {
  id: string
  at: number
  actorId: string
  actorEmail: string
  action: AuditAction
  siteId: number
  target: string
  details: Record<string, unknown>
}

/** Who acted: a user, or the system (scheduled jobs, the command line). */
export interface AuditActor {
  id: string
  email: string
}

export const SYSTEM_ACTOR: AuditActor = { id: '', email: 'system' }

/**
 * Records one entry. No IP address or User-Agent: who (the account), what, when.
 * `details` holds non-personal context such as a role or a date range.
 */
export async function recordAudit(
  store: Store,
  entry: {
    actor: AuditActor
    action: AuditAction
    siteId?: number
    target?: string
    details?: Record<string, unknown>
  },
  now: number,
): Promise<void> {
  await store.writer.insert('audit_log', [
    {
      id: randomUUID(),
      at: now,
      actor_id: entry.actor.id,
      actor_email: entry.actor.email,
      action: entry.action,
      target_site: entry.siteId ?? 0,
      target: entry.target ?? '',
      details: JSON.stringify(entry.details ?? {}),
    },
  ])
}

interface AuditRow {
  entry_id: string
  at_ms: string
  actor_id: string
  actor_email: string
  action: AuditAction
  target_site: number
  target: string
  details: string
}

const CURSOR = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** Where a page of the audit log ended: the time and id of its last entry, unique together. */
export interface AuditCursor {
  at: number
  id: string
}

/** Reads a cursor given out as `next`; undefined for anything else. */
export function parseAuditCursor(text: string): AuditCursor | undefined {
  const m = CURSOR.exec(text)
  return m?.[1] && m[2] ? { at: Number(m[1]), id: m[2] } : undefined
}

/** The `cursor` query parameter: a `next` value from an earlier page, or a 400 naming it. */
export const auditCursorParam = z
  .string()
  .max(100)
  .transform((text, ctx) => {
    const cursor = parseAuditCursor(text)
    if (!cursor)
      ctx.addIssue({
        code: 'custom',
        message: 'not a cursor from `next`; start again from the first page',
      })
    return cursor ?? z.NEVER
  })

/**
 * Entries newest first (by time, then id, so the order is total), optionally for one site,
 * one action, before a time, or after `cursor`, the last entry of the page before. `next` is
 * the cursor for the following page, null on the last one. Entries written in the same
 * millisecond are each shown once: a time alone would skip those sharing the page boundary.
 */
export async function listAudit(
  store: Store,
  filter: {
    siteId?: number
    before?: number
    cursor?: AuditCursor
    limit: number
    action?: AuditAction
  },
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const where = ['1']
  // One more than asked, to know whether another page follows.
  const params: Record<string, unknown> = { limit: filter.limit + 1 }
  if (filter.siteId !== undefined) {
    where.push('target_site = {site:UInt32}')
    params.site = filter.siteId
  }
  if (filter.before !== undefined) {
    where.push("at < fromUnixTimestamp64Milli({before:Int64}, 'UTC')")
    params.before = filter.before
  }
  if (filter.cursor !== undefined) {
    where.push("(at, id) < (fromUnixTimestamp64Milli({cursorAt:Int64}, 'UTC'), {cursorId:UUID})")
    params.cursorAt = filter.cursor.at
    params.cursorId = filter.cursor.id
  }
  if (filter.action !== undefined) {
    where.push('action = {action:String}')
    params.action = filter.action
  }
  const rows = await store.reader.query<AuditRow>(
    'listAudit',
    `SELECT toString(id) AS entry_id, toUnixTimestamp64Milli(at) AS at_ms, actor_id, actor_email, action,
            target_site, target, details
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT {limit:UInt32}`,
    params,
  )
  const entries = rows.slice(0, filter.limit).map((r) => ({
    id: r.entry_id,
    at: Number(r.at_ms),
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    action: r.action,
    siteId: Number(r.target_site),
    target: r.target,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }))
  const last = entries[entries.length - 1]
  return { entries, next: rows.length > filter.limit && last ? `${last.at}.${last.id}` : null }
}
