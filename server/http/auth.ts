import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { getConnInfo } from '@hono/node-server/conninfo'
import { findApiKey, takeRateToken, touchApiKey } from '../accounts/api-keys'
import { getInstancePolicy } from '../accounts/instance-settings'
import { getSession, SESSION_COOKIE, touchSession } from '../accounts/sessions'
import { hasTwoFactor } from '../accounts/two-factor'
import { getUserById } from '../accounts/users'
import { getClientIp } from '../collect/client-ip'
import { getRolesOfUser, getSiteByDomain, type Role, type Site } from '../sites/sites'
import { normaliseDomain } from '../sites/validate'
import type { Deps } from './deps'
import type { AppEnv } from './env'
import { HttpError } from './errors'

/**
 * Authenticates the request, never rejecting by itself (except a bad or over-limit API key):
 * `Authorization: Bearer spur_…` sets c.var.apiKey and the key's owner as c.var.user; otherwise
 * the session cookie, if live, sets c.var.session and c.var.user. Other Authorization headers
 * (basic auth of a reverse proxy in front of Spur) are left to that proxy and ignored here.
 */
export function loadSession(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', undefined)
    c.set('session', undefined)
    c.set('apiKey', undefined)
    c.set('mustSetUp2fa', false)
    const bearer = /^Bearer\s+(spur_\S*)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    if (bearer !== undefined) {
      await loadApiKey(deps, c, bearer)
    } else {
      const token = getCookie(c, SESSION_COOKIE)
      if (token) {
        const session = await getSession(deps.store, token, deps.now())
        const user = session && (await getUserById(deps.store, session.userId))
        if (session && user) {
          c.set('session', session)
          c.set('user', user)
          c.set(
            'mustSetUp2fa',
            !hasTwoFactor(user) && (await getInstancePolicy(deps.store)).require2fa,
          )
          await touchSession(deps.store, session, deps.now())
        }
      }
    }
    await next()
  }
}

async function loadApiKey(deps: Deps, c: Context<AppEnv>, secret: string) {
  const key = await findApiKey(deps.store, secret)
  const user = key && (await getUserById(deps.store, key.userId))
  if (!key || !user) throw new HttpError(401, 'The API key is unknown or was revoked')
  const wait = takeRateToken(key, deps.now())
  if (wait > 0) {
    c.header('Retry-After', String(Math.ceil(wait / 1000)))
    throw new HttpError(
      429,
      `This API key is over its limit of ${key.rateLimit} requests a minute; retry in ${Math.ceil(wait / 1000)} s`,
    )
  }
  await touchApiKey(deps.store, key, deps.now())
  c.set('apiKey', { id: key.id, userId: key.userId, scopes: key.scopes, siteIds: key.siteIds })
  c.set('user', user)
  // A key acts as its owner: while the instance requires 2FA, an owner without it is held too.
  c.set('mustSetUp2fa', !hasTwoFactor(user) && (await getInstancePolicy(deps.store)).require2fa)
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A state-changing request that carries the session cookie must come from the dashboard's
 * own origin: Sec-Fetch-Site (Fetch Metadata) or, from older browsers, Origin must say so.
 * Without the cookie (logging in, first-run setup, a reset or invitation link), a request
 * that a browser marks as sent from another site is refused too, so no other site can log a
 * visitor into an account of its choosing; a client that is not a browser sends neither
 * header. A request authenticated by an API key is not sent by a browser on its own (the key
 * is not ambient like a cookie), so it needs no such check; its cookie, if any, is ignored.
 */
export function checkCsrf(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (UNSAFE.has(c.req.method) && c.get('apiKey') === undefined) {
      const site = c.req.header('sec-fetch-site')
      const origin = c.req.header('origin')
      // Compared as an origin (lower-case host, no default port), the form browsers send.
      const own = new URL(deps.config.BASE_URL ?? c.req.url).origin
      const sameOrigin = site ? site === 'same-origin' : origin ? origin === own : false
      const fromBrowser = site !== undefined || origin !== undefined
      const withCookie = getCookie(c, SESSION_COOKIE) !== undefined
      if (!sameOrigin && (withCookie || fromBrowser))
        throw new HttpError(403, 'Cross-site request rejected: send it from the dashboard')
    }
    await next()
  }
}

/**
 * The logged-in user, or a 401. A request by an API key is accepted only when the key may
 * manage sites, or with `read` (listing what the key may read) for a stats key too; otherwise a
 * stats key reaches nothing but requireSite(…, 'viewer'). While the instance requires 2FA, an
 * account without it gets 403 with `twoFactorSetupRequired` until it sets 2FA up.
 */
export function requireUser(c: Context<AppEnv>, options: { read?: boolean } = {}) {
  const user = c.get('user')
  if (!user) throw new HttpError(401, 'Log in first')
  const key = c.get('apiKey')
  if (key && !key.scopes.includes('sites:manage') && !options.read)
    throw new HttpError(403, 'This API key may only read stats')
  if (c.get('mustSetUp2fa'))
    throw new HttpError(403, 'Set up two-factor authentication first', {
      twoFactorSetupRequired: true,
    })
  return user
}

/** The user behind a dashboard session (not an API key): account and admin screens. */
export function requireSessionUser(
  c: Context<AppEnv>,
  options: { allowWithout2fa?: boolean } = {},
) {
  const user = c.get('user')
  if (!user || !c.get('session')) throw new HttpError(401, 'Log in first')
  if (c.get('mustSetUp2fa') && !options.allowWithout2fa)
    throw new HttpError(403, 'Set up two-factor authentication first', {
      twoFactorSetupRequired: true,
    })
  return user
}

/** An instance admin behind a dashboard session, or 403. */
export function requireAdmin(c: Context<AppEnv>) {
  const user = requireSessionUser(c)
  if (!user.isAdmin) throw new HttpError(403, 'This needs an instance admin')
  return user
}

const RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 }

/**
 * The site named by `domain` if the user holds at least `role` on it. A site the user cannot
 * see answers 404, as if it did not exist. With an API key: a key limited to some sites sees
 * only those; a `stats:read` key holds at most the viewer role; a `sites:manage` key holds
 * its owner's role.
 */
export async function requireSite(
  deps: Deps,
  c: Context<AppEnv>,
  domain: string,
  role: Role,
): Promise<{ site: Site; role: Role }> {
  const user = c.get('user')
  if (!user) throw new HttpError(401, 'Log in first')
  if (c.get('mustSetUp2fa'))
    throw new HttpError(403, 'Set up two-factor authentication first', {
      twoFactorSetupRequired: true,
    })
  // Domains are stored lower-case; a link or script may name one as it is written.
  const site = await getSiteByDomain(deps.store, normaliseDomain(domain))
  if (!site) throw new HttpError(404, `No site ${domain}`)
  const key = c.get('apiKey')
  if (key && key.siteIds.length > 0 && !key.siteIds.includes(site.id))
    throw new HttpError(404, `No site ${domain}`)
  let held: Role | undefined = user.isAdmin
    ? 'owner'
    : (await getRolesOfUser(deps.store, user.id)).get(site.id)
  if (!held) throw new HttpError(404, `No site ${domain}`)
  if (key && !key.scopes.includes('sites:manage')) held = 'viewer'
  if (RANK[held] < RANK[role]) throw new HttpError(403, `This needs the ${role} role on ${domain}`)
  return { site, role: held }
}

/**
 * A key for the client in throttling: its address as the socket or the trusted proxy chain
 * reports it. Kept in memory only, never stored or logged.
 */
export function clientKey(deps: Deps, c: Context<AppEnv>): string {
  let socket: string | undefined
  try {
    socket = getConnInfo(c).remote.address
  } catch {
    socket = undefined // in-process requests (tests) have no socket
  }
  return getClientIp(socket, c.req.header('x-forwarded-for'), deps.config.TRUST_PROXY.hops)
}
