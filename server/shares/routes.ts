import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { checkPasswordStrength } from '../accounts/passwords'
import { describeWait } from '../accounts/throttle'
import { requireSite } from '../http/auth'
import type { Deps } from '../http/deps'
import type { AppEnv } from '../http/env'
import { HttpError, readJson } from '../http/errors'
import type { Site } from '../sites/sites'
import { StatsQueryError } from '../stats/errors'
import { queryBodySchema } from '../stats/parse-query'
import { runStatsQuery } from '../stats/run-stats-query'
import { issueShareAccess, verifyShareAccess } from './access'
import { checkSharePassword, createSharedLink, findSharedSite, revokeSharedLink } from './links'
import { ShareThrottle } from './throttle'

const createBody = z.object({ password: z.string().max(1024).optional() }).strict()
const unlockBody = z.object({ password: z.string().min(1).max(1024) }).strict()
export const SHARE_ACCESS_HEADER = 'x-share-access'

/**
 * Public read-only links: owners and admins create or revoke one per site; anyone with the
 * link (and its password, if set) reads the site's stats through the same query engine.
 */
export function shareRoutes(deps: Deps) {
  const throttle = new ShareThrottle()
  const base = (c: Context) => deps.config.BASE_URL ?? new URL(c.req.url).origin

  const sharedSite = async (c: Context<AppEnv>): Promise<Site> => {
    c.header('Cache-Control', 'no-store')
    const site = await findSharedSite(deps.store, c.req.param('token') ?? '')
    if (!site) throw new HttpError(404, 'This shared link does not exist or was revoked')
    return site
  }
  const authorised = async (c: Context<AppEnv>): Promise<Site> => {
    const site = await sharedSite(c)
    if (
      site.settings.sharedLink?.passwordHash &&
      !verifyShareAccess(deps.secretKey, site, c.req.header(SHARE_ACCESS_HEADER), deps.now())
    )
      throw new HttpError(401, 'This shared link needs its password', { passwordRequired: true })
    return site
  }

  return new Hono<AppEnv>()
    .post('/api/sites/:domain/shared-link', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, createBody)
      const weak = body.password ? checkPasswordStrength(body.password) : undefined
      if (weak) throw new HttpError(400, `password: ${weak}`, { field: 'password' })
      const token = await createSharedLink(deps.store, site, body.password, deps.now())
      const url = `${base(c)}/share/${token}`
      return c.json({ url, embedUrl: `${url}?embed=1`, passwordProtected: !!body.password }, 201)
    })
    .delete('/api/sites/:domain/shared-link', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      await revokeSharedLink(deps.store, site, deps.now())
      return c.json({ ok: true })
    })
    .get('/api/share/:token', async (c) => {
      const site = await sharedSite(c)
      return c.json({
        site: { domain: site.domain, timezone: site.timezone },
        passwordRequired: !!site.settings.sharedLink?.passwordHash,
      })
    })
    .post('/api/share/:token/unlock', async (c) => {
      const site = await sharedSite(c)
      const body = await readJson(c, unlockBody)
      const now = deps.now()
      if (!throttle.attempt(site.id, now)) {
        const wait = throttle.waitMs(site.id, now)
        throw new HttpError(
          429,
          `Too many wrong passwords. Wait ${describeWait(wait)} before trying again.`,
          { retryAfter: Math.ceil(wait / 1000) },
        )
      }
      if (!(await checkSharePassword(site, body.password)))
        throw new HttpError(401, 'The password is wrong', { field: 'password' })
      throttle.succeeded(site.id, now)
      return c.json({ access: issueShareAccess(deps.secretKey, site, now) })
    })
    .post('/api/share/:token/query', async (c) => {
      const site = await authorised(c)
      const body = await readJson(c, queryBodySchema)
      // The link opens one site only, whatever site_id the body names.
      const result = await runStatsQuery(
        deps.store,
        site,
        { ...body, site_id: site.domain },
        deps.now(),
      ).catch((error: unknown) => {
        if (error instanceof StatsQueryError)
          throw new HttpError(400, error.message, { field: error.field })
        throw error
      })
      return c.json(result)
    })
}
