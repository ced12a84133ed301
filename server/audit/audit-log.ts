import { randomUUID } from 'node:crypto'
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
  id: string
  at_ms: string
  actor_id: string
  actor_email: string
  action: AuditAction
  target_site: number
  target: string
  details: string
}

/**
 * Entries newest first, optionally for one site and before a time (for paging).
 */
export async function listAudit(
  store: Store,
  filter: { siteId?: number; before?: number; limit: number; action?: AuditAction },
): Promise<AuditEntry[]> {
  const where = ['1']
  const params: Record<string, unknown> = { limit: filter.limit }
  if (filter.siteId !== undefined) {
    where.push('target_site = {site:UInt32}')
    params.site = filter.siteId
  }
  if (filter.before !== undefined) {
    where.push("at < fromUnixTimestamp64Milli({before:Int64}, 'UTC')")
    params.before = filter.before
  }
  if (filter.action !== undefined) {
    where.push('action = {action:String}')
    params.action = filter.action
  }
  const rows = await store.reader.query<AuditRow>(
    'listAudit',
    `SELECT toString(id) AS id, toUnixTimestamp64Milli(at) AS at_ms, actor_id, actor_email, action,
            target_site, target, details
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at_ms DESC, id LIMIT {limit:UInt32}`,
    params,
  )
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at_ms),
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    action: r.action,
    siteId: Number(r.target_site),
    target: r.target,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }))
}
