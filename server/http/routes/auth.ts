import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { checkPasswordStrength, dummyHash, verifyPassword } from '../../accounts/passwords'
import {
  createSession,
  deleteSession,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
} from '../../accounts/sessions'
import { checkSetupToken, type SetupState } from '../../accounts/setup'
import { countUsers, createUser, getUserByEmail, type User } from '../../accounts/users'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'
import type { Context } from 'hono'

const loginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
})
const setupBody = z.object({
  token: z.string().min(1).max(100),
  email: z.string().email().max(320),
  password: z.string().max(1024),
  name: z.string().max(200).optional(),
})

export function publicUser(user: User) {
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin }
}

async function startSession(deps: Deps, c: Context<AppEnv>, user: User) {
  const token = await createSession(deps.store, user.id, deps.now())
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: (deps.config.BASE_URL ?? c.req.url).startsWith('https:'),
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  })
}

/** Login, logout, the current user and first-run setup. */
export function authRoutes(deps: Deps, setup: SetupState) {
  return new Hono<AppEnv>()
    .post('/api/auth/login', async (c) => {
      const body = await readJson(c, loginBody)
      const user = await getUserByEmail(deps.store, body.email)
      // The same work whether or not the account exists, so timing does not tell.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash))
      if (!user || !ok) throw new HttpError(401, 'E-mail or password is wrong')
      await startSession(deps, c, user)
      return c.json({ user: publicUser(user) })
    })
    .post('/api/auth/logout', async (c) => {
      const session = c.get('session')
      if (session) await deleteSession(deps.store, session, deps.now())
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
    .get('/api/auth/me', (c) => {
      const user = c.get('user')
      if (!user) throw new HttpError(401, 'Log in first')
      return c.json({ user: publicUser(user) })
    })
    .get('/api/setup', (c) => c.json({ needed: setup.token !== undefined }))
    .post('/api/setup', async (c) => {
      const body = await readJson(c, setupBody)
      if (!checkSetupToken(setup, body.token) || (await countUsers(deps.store)) > 0)
        throw new HttpError(
          403,
          'Setup token is wrong or setup is already done; see the server log',
        )
      const weak = checkPasswordStrength(body.password)
      if (weak) throw new HttpError(400, `password: ${weak}`, { field: 'password' })
      const user = await createUser(
        deps.store,
        { email: body.email, password: body.password, name: body.name ?? '', isAdmin: true },
        deps.now(),
      )
      setup.token = undefined
      await startSession(deps, c, user)
      return c.json({ user: publicUser(user) }, 201)
    })
}
