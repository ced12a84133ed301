import { Hono } from 'hono'
import { z } from 'zod'
import { getInstancePolicy } from '../../accounts/instance-settings'
import { checkPasswordStrength } from '../../accounts/passwords'
import { assertReauth } from '../../accounts/reauth'
import { deleteSessionsOfUser, listSessions, deleteSession } from '../../accounts/sessions'
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  disableTwoFactor,
  hasTwoFactor,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
} from '../../accounts/two-factor'
import { setPassword, updateUser } from '../../accounts/users'
import { recordAudit } from '../../audit/audit-log'
import { requireSessionUser } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'
import { publicUser } from './auth'

const password = z.string().min(1).max(1024)
const code = z.string().max(64).optional()
const reauthBody = z.object({ password, code })

/** The logged-in user's own account: profile, password, 2FA, sessions. */
export function accountSelfRoutes(deps: Deps) {
  const sessionId = (hash: string) => hash.slice(0, 16)
  return new Hono<AppEnv>()
    .get('/api/account', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const policy = await getInstancePolicy(deps.store)
      return c.json({
        user: publicUser(user),
        twoFactor: { enabled: hasTwoFactor(user), recoveryCodesLeft: recoveryCodesLeft(user) },
        require2fa: policy.require2fa,
      })
    })
    .patch('/api/account', async (c) => {
      const user = requireSessionUser(c)
      const body = await readJson(c, z.object({ name: z.string().trim().max(200) }))
      await updateUser(deps.store, user, (latest) => void (latest.name = body.name), deps.now())
      return c.json({ user: publicUser(user) })
    })
    .post('/api/account/password', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const body = await readJson(
        c,
        z.object({ currentPassword: password, newPassword: z.string().max(1024), code }),
      )
      const weak = checkPasswordStrength(body.newPassword)
      if (weak) throw new HttpError(400, `newPassword: ${weak}`, { field: 'newPassword' })
      await assertReauth(user, { password: body.currentPassword, code: body.code }, deps).catch(
        (error: unknown) => {
          throw error instanceof HttpError && error.details?.field === 'password'
            ? new HttpError(403, 'currentPassword: the password is wrong', {
                field: 'currentPassword',
              })
            : error
        },
      )
      await setPassword(deps.store, user, body.newPassword, deps.now())
      // A changed password ends every other session: whoever knew the old one is out.
      const ended = await deleteSessionsOfUser(
        deps.store,
        user.id,
        deps.now(),
        c.get('session')?.tokenHash,
      )
      await recordAudit(
        deps.store,
        { actor: user, action: 'password_changed', details: { sessionsEnded: ended } },
        deps.now(),
      )
      return c.json({ ok: true, sessionsEnded: ended })
    })
    .post('/api/account/2fa/setup', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const body = await readJson(c, z.object({ password }))
      if (hasTwoFactor(user))
        throw new HttpError(409, 'Two-factor authentication is already on; turn it off first')
      await assertReauth(user, { password: body.password }, deps)
      return c.json(await beginTwoFactorSetup(deps, user))
    })
    .post('/api/account/2fa/enable', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const body = await readJson(c, z.object({ code: z.string().min(1).max(64) }))
      if (hasTwoFactor(user)) throw new HttpError(409, 'Two-factor authentication is already on')
      const codes = await confirmTwoFactorSetup(deps, user, body.code)
      if (!codes)
        throw new HttpError(400, 'code: the code does not match; check the time on your device', {
          field: 'code',
        })
      await recordAudit(deps.store, { actor: user, action: '2fa_enabled' }, deps.now())
      return c.json({ recoveryCodes: codes, user: publicUser(user) })
    })
    .post('/api/account/2fa/disable', async (c) => {
      const user = requireSessionUser(c)
      const body = await readJson(c, reauthBody)
      if (!hasTwoFactor(user)) throw new HttpError(409, 'Two-factor authentication is off')
      if ((await getInstancePolicy(deps.store)).require2fa)
        throw new HttpError(403, 'This instance requires two-factor authentication for everyone')
      await assertReauth(user, body, deps)
      await disableTwoFactor(deps, user)
      await recordAudit(deps.store, { actor: user, action: '2fa_disabled' }, deps.now())
      return c.json({ user: publicUser(user) })
    })
    .post('/api/account/2fa/recovery-codes', async (c) => {
      const user = requireSessionUser(c)
      const body = await readJson(c, reauthBody)
      if (!hasTwoFactor(user)) throw new HttpError(409, 'Two-factor authentication is off')
      await assertReauth(user, body, deps)
      const codes = await regenerateRecoveryCodes(deps, user)
      await recordAudit(
        deps.store,
        { actor: user, action: 'recovery_codes_regenerated' },
        deps.now(),
      )
      return c.json({ recoveryCodes: codes })
    })
    .get('/api/account/sessions', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const current = c.get('session')?.tokenHash
      const sessions = await listSessions(deps.store, user.id, deps.now())
      return c.json({
        sessions: sessions.map((s) => ({
          id: sessionId(s.tokenHash),
          label: s.label,
          createdAt: s.createdAt,
          lastSeenAt: s.lastSeenAt,
          expiresAt: s.expiresAt,
          current: s.tokenHash === current,
        })),
      })
    })
    .delete('/api/account/sessions/:id', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const id = c.req.param('id')
      const session = (await listSessions(deps.store, user.id, deps.now())).find(
        (s) => sessionId(s.tokenHash) === id,
      )
      if (!session) throw new HttpError(404, 'No such session')
      await deleteSession(deps.store, session, deps.now())
      return c.json({ ok: true })
    })
    .post('/api/account/sessions/revoke-others', async (c) => {
      const user = requireSessionUser(c, { allowWithout2fa: true })
      const ended = await deleteSessionsOfUser(
        deps.store,
        user.id,
        deps.now(),
        c.get('session')?.tokenHash,
      )
      await recordAudit(
        deps.store,
        { actor: user, action: 'sessions_revoked', details: { count: ended } },
        deps.now(),
      )
      return c.json({ ended })
    })
}
