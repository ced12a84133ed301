import type { AccountDeps } from '../accounts/context'
import { assertReauth, type ReauthInput } from '../accounts/reauth'
import type { User } from '../accounts/users'
import { recordAudit } from '../audit/audit-log'
import { HttpError } from '../http/errors'
import type { Site } from '../sites/sites'
import {
  getDeletion,
  listDeletions,
  newDeletion,
  runningDeletions,
  saveDeletion,
  withSiteDeletions,
  type Deletion,
  type DeletionRequest,
} from './deletions'

/**
 * Schedules a deletion of a site's data after re-authentication (password, and the second
 * factor when the user has 2FA on). Nothing is deleted now: the job runs when the 30-day
 * grace period is over, unless cancelled. Throws HttpError 400/403/409 with a reason.
 */
export async function scheduleDeletion(
  deps: AccountDeps,
  input: { user: User; reauth: ReauthInput; site: Site; request: DeletionRequest },
): Promise<Deletion> {
  const { user, site, request } = input
  assertRequest(site, request)
  await assertReauth(user, input.reauth, deps)
  const deletion = await withSiteDeletions(site.id, async () => {
    const pending = (await listDeletions(deps.store, site.id)).filter(
      (d) => d.status === 'scheduled',
    )
    if (request.kind === 'retention' && pending.some((d) => d.kind === 'retention'))
      throw new HttpError(409, 'A retention change is already scheduled; cancel it first')
    if (pending.some((d) => d.kind === request.kind && request.kind !== 'range'))
      throw new HttpError(409, 'This deletion is already scheduled')
    const created = newDeletion(site.id, request, user.id, deps.now())
    await saveDeletion(deps.store, created, deps.now())
    return created
  })
  await recordAudit(
    deps.store,
    {
      actor: user,
      action: 'deletion_scheduled',
      siteId: site.id,
      target: site.domain,
      details: { id: deletion.id, ...request, dueAt: deletion.dueAt },
    },
    deps.now(),
  )
  return deletion
}

function assertRequest(site: Site, request: DeletionRequest) {
  if (request.kind === 'range' && !(request.from < request.to))
    throw new HttpError(400, 'to: must be after from', { field: 'to' })
  if (request.kind === 'retention' && request.retentionMonths >= site.settings.retentionMonths)
    throw new HttpError(
      400,
      `retentionMonths: must be shorter than the current ${site.settings.retentionMonths} months; ` +
        'a longer retention needs no grace period and is set in the site settings',
      { field: 'retentionMonths' },
    )
}

/**
 * Cancels a scheduled deletion of the site during its grace period. Answers 404 for an unknown
 * id or another site's, 409 when it already ran or was cancelled.
 */
export async function cancelDeletion(
  deps: AccountDeps,
  input: { user: User; site: Site; id: string },
): Promise<Deletion> {
  const { found, cancelled } = await withSiteDeletions(input.site.id, async () => {
    const found = await getDeletion(deps.store, input.id)
    if (!found || found.siteId !== input.site.id) throw new HttpError(404, 'No such deletion')
    if (runningDeletions.has(found.id))
      throw new HttpError(409, 'This deletion is being carried out and can no longer be cancelled')
    if (found.status !== 'scheduled')
      throw new HttpError(409, `This deletion is ${found.status} and can no longer be cancelled`)
    const cancelled: Deletion = { ...found, status: 'cancelled', finishedAt: deps.now() }
    await saveDeletion(deps.store, cancelled, deps.now())
    return { found, cancelled }
  })
  await recordAudit(
    deps.store,
    {
      actor: input.user,
      action: 'deletion_cancelled',
      siteId: input.site.id,
      target: input.site.domain,
      details: { id: found.id, kind: found.kind },
    },
    deps.now(),
  )
  return cancelled
}
