import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { getSession, SESSION_COOKIE } from '../accounts/sessions'
import { getUserById } from '../accounts/users'
import { getRolesOfUser, getSiteByDomain, type Role, type Site } from '../sites/sites'
import type { Deps } from './deps'
import type { AppEnv } from './env'
import { HttpError } from './errors'

/** Reads the dashboard session cookie, if any, into c.var.user. Never rejects by itself. */
export function loadSession(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', undefined)
    c.set('session', undefined)
    c.set('apiKey', undefined)
    const token = getCookie(c, SESSION_COOKIE)
    if (token) {
      const session = await getSession(deps.store, token, deps.now())
      const user = session && (await getUserById(deps.store, session.userId))
      if (session && user) {
        c.set('session', session)
        c.set('user', user)
      }
    }
    await next()
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A state-changing request that carries the session cookie must come from the dashboard's
 * own origin: Sec-Fetch-Site (Fetch Metadata) or, from older browsers, Origin must say so.
 */
export function checkCsrf(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (UNSAFE.has(c.req.method) && getCookie(c, SESSION_COOKIE) !== undefined) {
      const site = c.req.header('sec-fetch-site')
      const origin = c.req.header('origin')
      const own = deps.config.BASE_URL ?? new URL(c.req.url).origin
      const sameOrigin = site ? site === 'same-origin' : origin ? origin === own : false
      if (!sameOrigin)
        throw new HttpError(403, 'Cross-site request rejected: send it from the dashboard')
    }
    await next()
  }
}

/** The logged-in user, or a 401. */
export function requireUser(c: Context<AppEnv>) {
  const user = c.get('user')
  if (!user) throw new HttpError(401, 'Log in first')
  return user
}

const RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 }

/**
 * The site named by `domain` if the user holds at least `role` on it. A site the user cannot
 * see answers 404, as if it did not exist.
 */
export async function requireSite(
  deps: Deps,
  c: Context<AppEnv>,
  domain: string,
  role: Role,
): Promise<{ site: Site; role: Role }> {
  const user = requireUser(c)
  const site = await getSiteByDomain(deps.store, domain)
  if (!site) throw new HttpError(404, `No site ${domain}`)
  const held: Role | undefined = user.isAdmin
    ? 'owner'
    : (await getRolesOfUser(deps.store, user.id)).get(site.id)
  if (!held) throw new HttpError(404, `No site ${domain}`)
  if (RANK[held] < RANK[role]) throw new HttpError(403, `This needs the ${role} role on ${domain}`)
  return { site, role: held }
}
