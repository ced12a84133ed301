import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { oneAtATime } from '../../one-at-a-time'
import {
  consumeLink,
  consumeLinksOfUser,
  createLink,
  findLink,
  type InvitePayload,
  type OneTimeLink,
} from '../../accounts/one-time-links'
import { resetMail } from '../../accounts/mail-texts'
import type { Mail, Mailer } from '../../accounts/mailer'
import { checkPasswordStrength } from '../../accounts/passwords'
import { deleteSessionsOfUser } from '../../accounts/sessions'
import { ACCOUNT_POLICY, describeWait, Throttle } from '../../accounts/throttle'
import { createUser, getUserByEmail, getUserById, setPassword } from '../../accounts/users'
import { recordAudit } from '../../audit/audit-log'
import { getSiteByDomain, getSiteById, setMember } from '../../sites/sites'
import { normaliseDomain } from '../../sites/validate'
import { clientKey } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'
import { publicUser, startSession } from './auth'

const role = z.enum(['owner', 'admin', 'viewer'])
export const inviteBody = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  isAdmin: z.boolean().default(false),
  sites: z
    .array(z.object({ domain: z.string().max(253), role }))
    .max(200)
    .default([]),
})
const tokenParam = z
  .string()
  .min(10)
  .max(100)
  .regex(/^[\w-]+$/)

/** The URL a person opens; the token sits in the fragment, which browsers never send. */
export function linkUrl(deps: Deps, c: Context, page: 'invite' | 'reset-password', token: string) {
  const base = deps.config.BASE_URL ?? new URL(c.req.url).origin
  return `${base}/${page}#${token}`
}

/**
 * Sends a link by mail when SMTP is configured; says whether it went out. A failure is logged
 * and reported, never fatal: the link is shown to copy either way.
 */
export async function mailLink(deps: Deps, mailer: Mailer | undefined, mail: Mail) {
  if (!mailer) return { emailed: false }
  try {
    await mailer.send(mail)
    return { emailed: true }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    deps.log.warn({ err: reason }, 'sending mail failed')
    return { emailed: false, emailError: reason }
  }
}

export async function resolveInviteSites(
  deps: Deps,
  sites: Array<{ domain: string; role: InvitePayload['sites'][number]['role'] }>,
) {
  const out: InvitePayload['sites'] = []
  for (const s of sites) {
    // Domains are stored lower-case; a person may type one with capitals or as a URL.
    const site = await getSiteByDomain(deps.store, normaliseDomain(s.domain))
    if (!site) throw new HttpError(400, `sites: no site ${s.domain}`, { field: 'sites' })
    out.push({ siteId: site.id, role: s.role })
  }
  return out
}

export async function showInvite(deps: Deps, link: OneTimeLink) {
  const sites = await Promise.all(
    link.payload.sites.map(async (s) => ({
      domain: (await getSiteById(deps.store, s.siteId))?.domain ?? '',
      role: s.role,
    })),
  )
  return {
    id: link.tokenHash.slice(0, 16),
    email: link.email,
    isAdmin: link.payload.isAdmin,
    sites: sites.filter((s) => s.domain !== ''),
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
  }
}

/**
 * Opening and using one-time links: accept an invitation, set a new password; with SMTP,
 * ask for a reset link by mail.
 */
export function accountLinkRoutes(deps: Deps, mailer: Mailer | undefined) {
  // Asking for reset mails is throttled: three per address typed, ten per client, then waits.
  const perAddress = new Throttle({ ...ACCOUNT_POLICY, free: 2 })
  const perClient = new Throttle({ ...ACCOUNT_POLICY, free: 9 })
  const live = async (kind: 'invite' | 'password_reset', token: string) => {
    const parsed = tokenParam.safeParse(token)
    const link = parsed.success ? await findLink(deps.store, kind, token, deps.now()) : undefined
    if (!link) throw new HttpError(404, 'This link is unknown, used or expired; ask for a new one')
    return link
  }
  return new Hono<AppEnv>()
    .get('/api/invites/:token', async (c) => {
      return c.json({ invite: await showInvite(deps, await live('invite', c.req.param('token'))) })
    })
    .post('/api/invites/:token/accept', async (c) => {
      const token = c.req.param('token')
      const { email } = await live('invite', token)
      const body = await readJson(
        c,
        z.object({ name: z.string().trim().max(200).default(''), password: z.string().max(1024) }),
      )
      const weak = checkPasswordStrength(body.password)
      if (weak) throw new HttpError(400, `password: ${weak}`, { field: 'password' })
      const now = deps.now()
      // One at a time per address, checked again inside: a link used twice at once, or two
      // invitations to one address, never make two accounts.
      const user = await oneAtATime(`email:${email}`, async () => {
        const link = await live('invite', token)
        if (await getUserByEmail(deps.store, link.email))
          throw new HttpError(409, 'An account with this e-mail exists already; log in instead')
        await consumeLink(deps.store, link, now)
        const created = await createUser(
          deps.store,
          {
            email: link.email,
            password: body.password,
            name: body.name,
            isAdmin: link.payload.isAdmin,
          },
          now,
        )
        for (const s of link.payload.sites)
          await setMember(deps.store, s.siteId, created.id, s.role, now)
        return created
      })
      await recordAudit(
        deps.store,
        { actor: user, action: 'invite_accepted', target: user.email },
        now,
      )
      await startSession(deps, c, user)
      return c.json({ user: publicUser(user) }, 201)
    })
    .get('/api/auth/options', (c) => c.json({ passwordResetByEmail: mailer !== undefined }))
    .post('/api/auth/password-reset/request', async (c) => {
      const body = await readJson(
        c,
        z.object({ email: z.string().trim().toLowerCase().email().max(320) }),
      )
      if (!mailer)
        throw new HttpError(
          404,
          'Password reset by e-mail is not set up here; ask an administrator',
        )
      const now = deps.now()
      const client = clientKey(deps, c)
      const wait = Math.max(perAddress.waitMs(body.email, now), perClient.waitMs(client, now))
      if (wait > 0)
        throw new HttpError(
          429,
          `Too many reset requests. Wait ${describeWait(wait)} before trying again.`,
          { retryAfter: Math.ceil(wait / 1000) },
        )
      perAddress.fail(body.email, now)
      perClient.fail(client, now)
      const user = await getUserByEmail(deps.store, body.email)
      // Not awaited: the answer must take as long whether or not the account exists. A newer
      // link withdraws the older ones, in the order the requests came.
      if (user)
        void oneAtATime(`reset:${user.id}`, async () => {
          await consumeLinksOfUser(deps.store, 'password_reset', user.id, now)
          const { token } = await createLink(
            deps.store,
            { kind: 'password_reset', email: user.email, userId: user.id, createdBy: user.id },
            now,
          )
          await mailLink(
            deps,
            mailer,
            resetMail(user.email, linkUrl(deps, c, 'reset-password', token)),
          )
        }).catch((error: unknown) =>
          deps.log.error({ err: String(error) }, 'password reset mail failed'),
        )
      return c.json({ ok: true })
    })
    .get('/api/auth/password-reset/:token', async (c) => {
      const link = await live('password_reset', c.req.param('token'))
      return c.json({ email: link.email, expiresAt: link.expiresAt })
    })
    .post('/api/auth/password-reset', async (c) => {
      const body = await readJson(
        c,
        z.object({ token: z.string().max(100), password: z.string().max(1024) }),
      )
      const { userId } = await live('password_reset', body.token)
      const weak = checkPasswordStrength(body.password)
      if (weak) throw new HttpError(400, `password: ${weak}`, { field: 'password' })
      const now = deps.now()
      // One at a time per account, the link checked again inside: a link sent twice at once
      // sets one password, and the other answer says the link is used.
      const user = await oneAtATime(`reset:${userId}`, async () => {
        const link = await live('password_reset', body.token)
        const found = await getUserById(deps.store, link.userId)
        if (!found)
          throw new HttpError(404, 'This link is unknown, used or expired; ask for a new one')
        await consumeLink(deps.store, link, now)
        await setPassword(deps.store, found, body.password, now)
        return found
      })
      await deleteSessionsOfUser(deps.store, user.id, now)
      await recordAudit(deps.store, { actor: user, action: 'password_reset' }, now)
      return c.json({ ok: true })
    })
}
