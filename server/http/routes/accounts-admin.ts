import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { revokeApiKeysOfUser } from '../../accounts/api-keys'
import { inviteMail, resetMail } from '../../accounts/mail-texts'
import type { Mailer } from '../../accounts/mailer'
import { getInstancePolicy, setInstancePolicy } from '../../accounts/instance-settings'
import {
  consumeLink,
  consumeLinksOfUser,
  createLink,
  findInviteById,
  listInvites,
} from '../../accounts/one-time-links'
import { deleteSessionsOfUser } from '../../accounts/sessions'
import { disableTwoFactor, hasTwoFactor } from '../../accounts/two-factor'
import {
  deleteUser,
  getUserByEmail,
  getUserById,
  hasOtherAdmin,
  listUsers,
  updateUser,
  withAdminChanges,
  type User,
} from '../../accounts/users'
import { AUDIT_ACTIONS, auditCursorParam, listAudit, recordAudit } from '../../audit/audit-log'
import {
  getRolesOfUser,
  getSiteById,
  getSitesOwnedOnlyBy,
  setMember,
  withMembershipsOf,
} from '../../sites/sites'
import { requireAdmin } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'
import { inviteBody, linkUrl, mailLink, resolveInviteSites, showInvite } from './accounts-invites'

const auditQuery = z.object({
  before: z.coerce.number().int().min(0).optional(),
  cursor: auditCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.enum(AUDIT_ACTIONS).optional(),
})

/** Instance administration: users, invitations, instance policy, the audit log. */
export function accountAdminRoutes(deps: Deps, mailer: Mailer | undefined) {
  const target = async (c: Context<AppEnv>): Promise<User> => {
    const user = await getUserById(deps.store, c.req.param('id') ?? '')
    if (!user) throw new HttpError(404, 'No such user')
    return user
  }
  /**
   * Runs a change that may take admin rights away (demoting, removing an account) one at a
   * time with every other such change, with the target and the actor read again inside: the
   * instance always keeps an admin, and an admin demoted meanwhile changes nothing.
   */
  const withAdmins = <T>(
    admin: User,
    user: User,
    takesAdmin: boolean,
    task: (latest: User) => Promise<T>,
  ) =>
    withAdminChanges(async () => {
      const latest = await getUserById(deps.store, user.id)
      if (!latest) throw new HttpError(404, 'No such user')
      if (takesAdmin && latest.isAdmin && !(await hasOtherAdmin(deps.store, latest.id)))
        throw new HttpError(
          409,
          `${latest.email} is the last instance admin; the instance needs at least one`,
        )
      if (!(await getUserById(deps.store, admin.id))?.isAdmin)
        throw new HttpError(403, 'This needs an instance admin')
      return task(latest)
    })
  const roles = async (user: User) =>
    Promise.all(
      [...(await getRolesOfUser(deps.store, user.id))].map(async ([siteId, role]) => ({
        domain: (await getSiteById(deps.store, siteId))?.domain ?? '',
        role,
      })),
    ).then((list) => list.filter((r) => r.domain !== ''))
  return new Hono<AppEnv>()
    .get('/api/admin/users', async (c) => {
      requireAdmin(c)
      const users = await listUsers(deps.store)
      return c.json({
        users: await Promise.all(
          users.map(async (u) => ({
            id: u.id,
            email: u.email,
            name: u.name,
            isAdmin: u.isAdmin,
            twoFactorEnabled: hasTwoFactor(u),
            createdAt: u.createdAt,
            sites: await roles(u),
          })),
        ),
      })
    })
    .patch('/api/admin/users/:id', async (c) => {
      const admin = requireAdmin(c)
      const body = await readJson(c, z.object({ isAdmin: z.boolean() }))
      const user = await target(c)
      if (user.id === admin.id && !body.isAdmin)
        throw new HttpError(409, 'You cannot take away your own admin rights')
      await withAdmins(admin, user, !body.isAdmin, () =>
        updateUser(deps.store, user, (latest) => void (latest.isAdmin = body.isAdmin), deps.now()),
      )
      await recordAudit(
        deps.store,
        { actor: admin, action: 'user_admin_changed', target: user.email, details: body },
        deps.now(),
      )
      return c.json({ ok: true })
    })
    .delete('/api/admin/users/:id', async (c) => {
      const admin = requireAdmin(c)
      const user = await target(c)
      if (user.id === admin.id) throw new HttpError(409, 'You cannot remove your own account')
      const now = deps.now()
      // Under the lock of each of the user's sites, as member changes are: no other change of
      // the site's owners comes between the check and the removal.
      await withAdmins(admin, user, true, () =>
        withMembershipsOf(deps.store, user.id, async (roles) => {
          const soleOwner = await getSitesOwnedOnlyBy(deps.store, user.id)
          if (soleOwner.length > 0)
            throw new HttpError(
              409,
              `${user.email} is the only owner of ${soleOwner.join(', ')}: make someone else owner or delete the site first`,
            )
          for (const siteId of roles.keys()) await setMember(deps.store, siteId, user.id, null, now)
          await deleteSessionsOfUser(deps.store, user.id, now)
          await revokeApiKeysOfUser(deps.store, user.id, now)
          await deleteUser(deps.store, user, now)
        }),
      )
      await recordAudit(
        deps.store,
        { actor: admin, action: 'user_removed', target: user.email },
        now,
      )
      return c.json({ ok: true })
    })
    .post('/api/admin/users/:id/password-reset', async (c) => {
      const admin = requireAdmin(c)
      const user = await target(c)
      await consumeLinksOfUser(deps.store, 'password_reset', user.id, deps.now())
      const { token, link } = await createLink(
        deps.store,
        { kind: 'password_reset', email: user.email, userId: user.id, createdBy: admin.id },
        deps.now(),
      )
      await recordAudit(
        deps.store,
        { actor: admin, action: 'password_reset_link_created', target: user.email },
        deps.now(),
      )
      const url = linkUrl(deps, c, 'reset-password', token)
      const mailed = await mailLink(deps, mailer, resetMail(user.email, url))
      return c.json({ url, expiresAt: link.expiresAt, ...mailed })
    })
    .post('/api/admin/users/:id/reset-2fa', async (c) => {
      const admin = requireAdmin(c)
      const user = await target(c)
      await disableTwoFactor(deps, user)
      await deleteSessionsOfUser(deps.store, user.id, deps.now())
      await recordAudit(
        deps.store,
        { actor: admin, action: '2fa_reset', target: user.email },
        deps.now(),
      )
      return c.json({ ok: true })
    })
    .get('/api/admin/invites', async (c) => {
      requireAdmin(c)
      const invites = await listInvites(deps.store, deps.now())
      return c.json({ invites: await Promise.all(invites.map((l) => showInvite(deps, l))) })
    })
    .post('/api/admin/invites', async (c) => {
      const admin = requireAdmin(c)
      const body = await readJson(c, inviteBody)
      // Accepting would answer 409: the account exists already and gets roles directly.
      if (await getUserByEmail(deps.store, body.email))
        throw new HttpError(
          409,
          `email: ${body.email} has an account already; give it roles in the site's members`,
          { field: 'email' },
        )
      const sites = await resolveInviteSites(deps, body.sites)
      const { token, link } = await createLink(
        deps.store,
        {
          kind: 'invite',
          email: body.email,
          createdBy: admin.id,
          payload: { isAdmin: body.isAdmin, sites },
        },
        deps.now(),
      )
      await recordAudit(
        deps.store,
        {
          actor: admin,
          action: 'invite_created',
          target: body.email,
          details: { isAdmin: body.isAdmin, sites: body.sites },
        },
        deps.now(),
      )
      const url = linkUrl(deps, c, 'invite', token)
      const mailed = await mailLink(
        deps,
        mailer,
        inviteMail(body.email, url, admin.name || admin.email),
      )
      return c.json({ invite: await showInvite(deps, link), url, ...mailed }, 201)
    })
    .delete('/api/admin/invites/:id', async (c) => {
      const admin = requireAdmin(c)
      const link = await findInviteById(deps.store, c.req.param('id'), deps.now())
      if (!link) throw new HttpError(404, 'No such invitation')
      await consumeLink(deps.store, link, deps.now())
      await recordAudit(
        deps.store,
        { actor: admin, action: 'invite_withdrawn', target: link.email },
        deps.now(),
      )
      return c.json({ ok: true })
    })
    .get('/api/admin/policy', async (c) => {
      requireAdmin(c)
      return c.json({ policy: await getInstancePolicy(deps.store) })
    })
    .put('/api/admin/policy', async (c) => {
      const admin = requireAdmin(c)
      const body = await readJson(c, z.object({ require2fa: z.boolean() }))
      if (body.require2fa && !hasTwoFactor(admin))
        throw new HttpError(409, 'Turn on two-factor authentication for your own account first')
      await setInstancePolicy(deps.store, body, deps.now())
      await recordAudit(
        deps.store,
        { actor: admin, action: 'instance_policy_changed', details: body },
        deps.now(),
      )
      return c.json({ policy: body })
    })
    .get('/api/admin/audit', async (c) => {
      requireAdmin(c)
      const q = auditQuery.safeParse(c.req.query())
      if (!q.success)
        throw new HttpError(
          400,
          `${q.error.issues[0]?.path.join('.')}: ${q.error.issues[0]?.message}`,
        )
      const { entries, next } = await listAudit(deps.store, q.data)
      const domains = new Map<number, string>()
      for (const e of entries)
        if (e.siteId && !domains.has(e.siteId))
          domains.set(e.siteId, (await getSiteById(deps.store, e.siteId))?.domain ?? e.target)
      return c.json({
        entries: entries.map((e) => ({ ...e, site: e.siteId ? domains.get(e.siteId) : undefined })),
        next,
      })
    })
}
