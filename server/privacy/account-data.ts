import type { AccountDeps } from '../accounts/context'
import { revokeApiKeysOfUser, listApiKeys } from '../accounts/api-keys'
import { assertReauth, type ReauthInput } from '../accounts/reauth'
import { deleteSessionsOfUser, listSessions } from '../accounts/sessions'
import { hasTwoFactor } from '../accounts/two-factor'
import {
  deleteUser,
  getUserById,
  hasOtherAdmin,
  withAdminChanges,
  type User,
} from '../accounts/users'
import { recordAudit } from '../audit/audit-log'
import { HttpError } from '../http/errors'
import { getRolesOfUser, listAllSites, setMember, withMembershipsOf } from '../sites/sites'
import type { Store } from '../store'

/**
 * Everything Spur holds about a dashboard user (Art. 15 and 20 GDPR): the account without
 * its password hash or 2FA secret, site roles, API keys without their secrets, live login
 * sessions and what the user did according to the audit log.
 */
export async function getAccountExport(store: Store, user: User, now: number) {
  const roles = await getRolesOfUser(store, user.id)
  const sites = (await listAllSites(store)).filter((s) => roles.has(s.id))
  const audit = await store.reader.query<{
    at: string
    action: string
    target: string
    details: string
  }>(
    'getAuditOfUser',
    `SELECT toUnixTimestamp64Milli(at) AS at, action, target, details FROM audit_log
     WHERE actor_id = {user:String} ORDER BY at`,
    { user: user.id },
  )
  return {
    exportedAt: now,
    account: {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      createdAt: user.createdAt,
      twoFactorEnabled: hasTwoFactor(user),
    },
    sites: sites.map((s) => ({ domain: s.domain, role: roles.get(s.id) })),
    apiKeys: (await listApiKeys(store, user.id)).map(({ userId: _, ...key }) => key),
    sessions: (await listSessions(store, user.id, now)).map(
      ({ tokenHash: _, userId: __, ...session }) => session,
    ),
    audit: audit.map((a) => ({
      at: Number(a.at),
      action: a.action,
      target: a.target,
      details: JSON.parse(a.details) as unknown,
    })),
  }
}

/**
 * Deletes the user's own account after re-authentication. Refused while the user is the only
 * owner of a site (the site would be left without one) or the last instance administrator.
 */
export async function deleteOwnAccount(
  deps: AccountDeps,
  user: User,
  reauth: ReauthInput,
): Promise<void> {
  await assertReauth(user, reauth, deps)
  const store = deps.store
  // With changes of admin rights one at a time, two admins leaving at once keep one.
  await withAdminChanges(async () => {
    // Under the lock of each of the user's sites, as member changes are: no other change of
    // the site's owners comes between the check and leaving the site.
    await withMembershipsOf(store, user.id, async (roles) => {
      const owned = [...roles].filter(([, role]) => role === 'owner').map(([id]) => id)
      const soleOwner: string[] = []
      for (const site of (await listAllSites(store)).filter((s) => owned.includes(s.id))) {
        const owners = await store.reader.query<{ n: string | number }>(
          'countSiteOwners',
          `SELECT count() AS n FROM site_members FINAL
           WHERE deleted = 0 AND site_id = {site:UInt32} AND role = 'owner'`,
          { site: site.id },
        )
        if (Number(owners[0]?.n ?? 0) <= 1) soleOwner.push(site.domain)
      }
      if (soleOwner.length > 0)
        throw new HttpError(
          409,
          `You are the only owner of ${soleOwner.join(', ')}: make someone else owner or delete the site first`,
        )
      if ((await getUserById(store, user.id))?.isAdmin && !(await hasOtherAdmin(store, user.id)))
        throw new HttpError(
          409,
          'You are the last instance administrator: make someone else one first',
        )
      const now = deps.now()
      for (const siteId of roles.keys()) await setMember(store, siteId, user.id, null, now)
      await deleteSessionsOfUser(store, user.id, now)
      await revokeApiKeysOfUser(store, user.id, now)
      await deleteUser(store, user, now)
    })
  })
  const now = deps.now()
  await recordAudit(store, { actor: user, action: 'user_removed', target: user.email }, now)
}
