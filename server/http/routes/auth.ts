import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { getInstancePolicy } from '../../accounts/instance-settings'
import { deviceLabel } from '../../accounts/device-label'
import { checkPasswordStrength, dummyHash, verifyPassword } from '../../accounts/passwords'
import {
  createSession,
  deleteSession,
  getSession,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
} from '../../accounts/sessions'
import { checkSetupToken, type SetupState } from '../../accounts/setup'
import { ACCOUNT_POLICY, CLIENT_POLICY, describeWait, Throttle } from '../../accounts/throttle'
import { hasTwoFactor, verifySecondFactor } from '../../accounts/two-factor'
import {
  countUsers,
  createUser,
  getUserByEmail,
  normaliseEmail,
  type User,
} from '../../accounts/users'
import { recordAudit } from '../../audit/audit-log'
import { oneAtATime } from '../../one-at-a-time'
import { clientKey } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

const loginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  code: z.string().max(64).optional(),
})
const setupBody = z.object({
  token: z.string().min(1).max(100),
  email: z.string().email().max(320),
  password: z.string().max(1024),
  name: z.string().max(200).optional(),
})

/** The user as the API shows it: never the password hash or 2FA secrets. */
export function publicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    twoFactorEnabled: hasTwoFactor(user),
  }
}

/**
 * Starts a new session for `user` and sets its cookie. Any session the request already
 * carried is ended first, so a session id planted before login is worthless after it.
 */
export async function startSession(deps: Deps, c: Context<AppEnv>, user: User) {
  const previous = getCookie(c, SESSION_COOKIE)
  if (previous) {
    const old = await getSession(deps.store, previous, deps.now())
    if (old) await deleteSession(deps.store, old, deps.now())
  }
  const token = await createSession(
    deps.store,
    user.id,
    deps.now(),
    deviceLabel(c.req.header('user-agent')),
  )
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: (deps.config.BASE_URL ?? c.req.url).startsWith('https:'),
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  })
}

/** Login (with throttling and the second factor), logout, the current user, first-run setup. */
export function authRoutes(deps: Deps, setup: SetupState) {
  const perAccount = new Throttle(ACCOUNT_POLICY)
  const perClient = new Throttle(CLIENT_POLICY)
  return new Hono<AppEnv>()
    .post('/api/auth/login', async (c) => {
      const body = await readJson(c, loginBody)
      const now = deps.now()
      const accountKey = normaliseEmail(body.email)
      const client = clientKey(deps, c)
      const wait = Math.max(perAccount.waitMs(accountKey, now), perClient.waitMs(client, now))
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)))
        throw new HttpError(
          429,
          `Too many failed logins. Wait ${describeWait(wait)} before trying again.`,
          { retryAfter: Math.ceil(wait / 1000) },
        )
      }
      const user = await getUserByEmail(deps.store, body.email)
      // The same work whether or not the account exists, so timing does not tell.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash))
      const fail = (message: string, reason: 'password' | 'code') => {
        perAccount.fail(accountKey, now)
        perClient.fail(client, now)
        // Not awaited: waiting for the write only when the account exists would tell by timing.
        if (user)
          recordAudit(
            deps.store,
            {
              actor: user,
              action: 'login_failed',
              details: { reason },
            },
            now,
          ).catch((error: unknown) => deps.log.error({ err: String(error) }, 'audit write failed'))
        return new HttpError(401, message, reason === 'code' ? { twoFactorRequired: true } : {})
      }
      if (!user || !ok) throw fail('E-mail or password is wrong', 'password')
      let method = 'password'
      if (hasTwoFactor(user)) {
        if (!body.code)
          throw new HttpError(401, 'Enter the code from your authenticator app', {
            twoFactorRequired: true,
          })
        const result = await verifySecondFactor(deps, user, body.code)
        if (result === 'wrong') throw fail('The code is wrong or was already used', 'code')
        method = result
      }
      perAccount.reset(accountKey)
      await startSession(deps, c, user)
      await recordAudit(deps.store, { actor: user, action: 'login', details: { method } }, now)
      const policy = await getInstancePolicy(deps.store)
      return c.json({
        user: publicUser(user),
        twoFactorSetupRequired: policy.require2fa && !hasTwoFactor(user),
      })
    })
    .post('/api/auth/logout', async (c) => {
      const session = c.get('session')
      if (session) await deleteSession(deps.store, session, deps.now())
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
    .get('/api/auth/me', (c) => {
      const user = c.get('user')
      if (!user || !c.get('session')) throw new HttpError(401, 'Log in first')
      return c.json({
        user: publicUser(user),
        twoFactorSetupRequired: c.get('mustSetUp2fa') === true,
      })
    })
    .get('/api/setup', (c) => c.json({ needed: setup.token !== undefined }))
    .post('/api/setup', async (c) => {
      const body = await readJson(c, setupBody)
      // One at a time, checked again inside: two setups sent at once never make two admins.
      const user = await oneAtATime('setup', async () => {
        if (!checkSetupToken(setup, body.token) || (await countUsers(deps.store)) > 0)
          throw new HttpError(
            403,
            'Setup token is wrong or setup is already done; see the server log',
          )
        const weak = checkPasswordStrength(body.password)
        if (weak) throw new HttpError(400, `password: ${weak}`, { field: 'password' })
        const created = await createUser(
          deps.store,
          { email: body.email, password: body.password, name: body.name ?? '', isAdmin: true },
          deps.now(),
        )
        setup.token = undefined
        return created
      })
      await startSession(deps, c, user)
      await recordAudit(
        deps.store,
        { actor: user, action: 'user_created', target: user.email },
        deps.now(),
      )
      return c.json({ user: publicUser(user) }, 201)
    })
}
