import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { inviteMail } from '../../accounts/mail-texts'
import type { Mailer } from '../../accounts/mailer'
import { createLink, listInvites } from '../../accounts/one-time-links'
import { getUserByEmail, listUsers } from '../../accounts/users'
import { auditCursorParam, listAudit, recordAudit } from '../../audit/audit-log'
import { setMember, withSiteMembers, type Role, type Site } from '../../sites/sites'
import type { Store } from '../../store'
import { requireSessionUser, requireSite } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'
import { linkUrl, mailLink, showInvite } from './accounts-invites'

const role = z.enum(['owner', 'admin', 'viewer'])

async function membersOf(store: Store, siteId: number) {
  const rows = await store.reader.query<{ user_id: string; role: Role }>(
    'listSiteMembers',
    'SELECT user_id, role FROM site_members FINAL WHERE deleted = 0 AND site_id = {site:UInt32}',
    { site: siteId },
  )
  const users = new Map((await listUsers(store)).map((u) => [u.id, u]))
  return rows.flatMap((r) => {
    const u = users.get(r.user_id)
    return u ? [{ userId: u.id, email: u.email, name: u.name, role: r.role }] : []
  })
}

/**
 * Only an owner may make, change or remove an owner; an admin manages admins and viewers.
 * The last owner cannot be demoted or removed, so a site is never left without one.
 */
async function assertRoleChange(
  store: Store,
  site: Site,
  actorRole: Role,
  from: Role | undefined,
  to: Role | undefined,
) {
  if ((from === 'owner' || to === 'owner') && actorRole !== 'owner')
    throw new HttpError(403, 'Only an owner can give or take the owner role')
  if (from === 'owner' && to !== 'owner') {
    const owners = (await membersOf(store, site.id)).filter((m) => m.role === 'owner')
    if (owners.length <= 1) throw new HttpError(409, 'A site needs at least one owner')
  }
}

/** Who has which role on a site, invitations to it, and its audit log. */
export function accountSiteRoutes(deps: Deps, mailer: Mailer | undefined) {
  const member = async (c: Context<AppEnv>, site: Site) => {
    const m = (await membersOf(deps.store, site.id)).find((x) => x.userId === c.req.param('userId'))
    if (!m) throw new HttpError(404, 'No such member')
    return m
  }
  /**
   * Runs a change of the site's members after every earlier one, with the actor's role read
   * again inside: two owners removing each other at once never leave the site without one.
   */
  const withMembers = <T>(c: Context<AppEnv>, site: Site, task: (actorRole: Role) => Promise<T>) =>
    withSiteMembers(site.id, async () => {
      const { site: latest, role: actorRole } = await requireSite(
        deps,
        c,
        c.req.param('domain') ?? '',
        'admin',
      )
      if (latest.id !== site.id) throw new HttpError(404, `No site ${site.domain}`)
      return task(actorRole)
    })
  return new Hono<AppEnv>()
    .get('/api/sites/:domain/members', async (c) => {
      requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const invites = (await listInvites(deps.store, deps.now())).filter((l) =>
        l.payload.sites.some((s) => s.siteId === site.id),
      )
      return c.json({
        members: await membersOf(deps.store, site.id),
        invites: await Promise.all(invites.map((l) => showInvite(deps, l))),
      })
    })
    .post('/api/sites/:domain/members', async (c) => {
      const actor = requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(
        c,
        z.object({ email: z.string().trim().toLowerCase().email().max(320), role }),
      )
      const existing = await getUserByEmail(deps.store, body.email)
      const now = deps.now()
      const added = await withMembers(c, site, async (actorRole) => {
        const current =
          existing && (await membersOf(deps.store, site.id)).find((m) => m.userId === existing.id)
        await assertRoleChange(deps.store, site, actorRole, current?.role, body.role)
        if (existing) await setMember(deps.store, site.id, existing.id, body.role, now)
        return existing !== undefined
      })
      await recordAudit(
        deps.store,
        {
          actor,
          action: existing ? 'role_changed' : 'invite_created',
          siteId: site.id,
          target: body.email,
          details: { role: body.role },
        },
        now,
      )
      if (added) return c.json({ added: true }, 201)
      const { token, link } = await createLink(
        deps.store,
        {
          kind: 'invite',
          email: body.email,
          createdBy: actor.id,
          payload: { isAdmin: false, sites: [{ siteId: site.id, role: body.role }] },
        },
        now,
      )
      const url = linkUrl(deps, c, 'invite', token)
      const mailed = await mailLink(
        deps,
        mailer,
        inviteMail(body.email, url, actor.name || actor.email),
      )
      return c.json({ added: false, invite: await showInvite(deps, link), url, ...mailed }, 201)
    })
    .patch('/api/sites/:domain/members/:userId', async (c) => {
      const actor = requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, z.object({ role }))
      const m = await withMembers(c, site, async (actorRole) => {
        const found = await member(c, site)
        await assertRoleChange(deps.store, site, actorRole, found.role, body.role)
        await setMember(deps.store, site.id, found.userId, body.role, deps.now())
        return found
      })
      await recordAudit(
        deps.store,
        {
          actor,
          action: 'role_changed',
          siteId: site.id,
          target: m.email,
          details: { from: m.role, to: body.role },
        },
        deps.now(),
      )
      return c.json({ ok: true })
    })
    .delete('/api/sites/:domain/members/:userId', async (c) => {
      const actor = requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const m = await withMembers(c, site, async (actorRole) => {
        const found = await member(c, site)
        await assertRoleChange(deps.store, site, actorRole, found.role, undefined)
        await setMember(deps.store, site.id, found.userId, null, deps.now())
        return found
      })
      await recordAudit(
        deps.store,
        {
          actor,
          action: 'member_removed',
          siteId: site.id,
          target: m.email,
          details: { role: m.role },
        },
        deps.now(),
      )
      return c.json({ ok: true })
    })
    .get('/api/sites/:domain/audit', async (c) => {
      requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const q = z
        .object({
          before: z.coerce.number().int().min(0).optional(),
          cursor: auditCursorParam.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        })
        .safeParse(c.req.query())
      if (!q.success)
        throw new HttpError(
          400,
          `${q.error.issues[0]?.path.join('.')}: ${q.error.issues[0]?.message}`,
        )
      return c.json(await listAudit(deps.store, { ...q.data, siteId: site.id }))
    })
}
