import { Hono } from 'hono'
import { z } from 'zod'
import {
  API_SCOPES,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKey,
} from '../../accounts/api-keys'
import { recordAudit } from '../../audit/audit-log'
import { getSiteById } from '../../sites/sites'
import { requireSessionUser, requireSite } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

const createBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length),
  /** Domains the key is limited to; empty or missing: all of the user's sites. */
  sites: z.array(z.string().max(253)).max(200).default([]),
  rateLimit: z.number().int().min(1).max(10_000).optional(),
})

/** API keys of the logged-in user: list, create (secret shown once), revoke. */
export function accountKeyRoutes(deps: Deps) {
  const show = async (key: ApiKey) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    sites: (
      await Promise.all(key.siteIds.map(async (id) => (await getSiteById(deps.store, id))?.domain))
    ).filter((d): d is string => d !== undefined),
    // A key limited to sites that were deleted since reaches no site; `sites` alone would be
    // empty and read as "all sites".
    limited: key.siteIds.length > 0,
    rateLimit: key.rateLimit,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
  })
  return new Hono<AppEnv>()
    .get('/api/account/keys', async (c) => {
      const user = requireSessionUser(c)
      const keys = await listApiKeys(deps.store, user.id)
      return c.json({ keys: await Promise.all(keys.map(show)) })
    })
    .post('/api/account/keys', async (c) => {
      const user = requireSessionUser(c)
      const body = await readJson(c, createBody)
      // A key never holds more than its owner: each named site must be one the user can see,
      // and a managing key needs the admin role on it.
      const role = body.scopes.includes('sites:manage') ? 'admin' : 'viewer'
      const siteIds: number[] = []
      for (const domain of body.sites) {
        const { site } = await requireSite(deps, c, domain, role).catch(() => {
          throw new HttpError(400, `sites: no site ${domain} you may give a key for`, {
            field: 'sites',
          })
        })
        siteIds.push(site.id)
      }
      const { key, secret } = await createApiKey(
        deps.store,
        {
          userId: user.id,
          name: body.name,
          scopes: body.scopes,
          siteIds,
          rateLimit: body.rateLimit,
        },
        deps.now(),
      )
      await recordAudit(
        deps.store,
        {
          actor: user,
          action: 'api_key_created',
          target: key.name,
          details: { id: key.id, scopes: key.scopes, sites: body.sites },
        },
        deps.now(),
      )
      return c.json({ key: await show(key), secret }, 201)
    })
    .delete('/api/account/keys/:id', async (c) => {
      const user = requireSessionUser(c)
      const key = (await listApiKeys(deps.store, user.id)).find((k) => k.id === c.req.param('id'))
      if (!key) throw new HttpError(404, 'No such API key')
      await revokeApiKey(deps.store, key, deps.now())
      await recordAudit(
        deps.store,
        { actor: user, action: 'api_key_revoked', target: key.name, details: { id: key.id } },
        deps.now(),
      )
      return c.json({ ok: true })
    })
}
