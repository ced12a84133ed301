import { Hono } from 'hono'
import { z } from 'zod'
import { compileCidrs } from '../../collect/cidr'
import { siteSettingsSchema, type SiteSettings } from '../../sites/settings'
import { trackerSnippetFor } from '../../tracker/snippet'
import {
  createSite,
  getSiteByDomain,
  listSitesForUser,
  updateSite,
  withSiteWrites,
  type Site,
} from '../../sites/sites'
import { isValidDomain, isValidTimezone, normaliseDomain } from '../../sites/validate'
import { recordAudit } from '../../audit/audit-log'
import { requireSite, requireUser } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

const domain = z
  .string()
  .max(253)
  .transform(normaliseDomain)
  .refine(isValidDomain, 'must be a domain name such as example.com')
const timezone = z
  .string()
  .max(64)
  .refine(isValidTimezone, 'must be an IANA time zone such as Europe/Berlin')

const createBody = z.object({ domain, timezone: timezone.default('Europe/Berlin') })
const updateBody = z.object({
  domain: domain.optional(),
  timezone: timezone.optional(),
  aliases: z.array(domain).max(50).optional(),
  // Only the keys sent change; each is validated with the whole settings object below.
  settings: z.record(z.string(), z.unknown()).optional(),
})

export function publicSite(site: Site, config: Deps['config'], origin: string) {
  const { sharedLink, ...settings } = site.settings
  return {
    id: site.id,
    domain: site.domain,
    timezone: site.timezone,
    aliases: site.aliases,
    settings: { ...settings, sharedLink: sharedLink !== undefined },
    createdAt: site.createdAt,
    snippet: trackerSnippetFor(config, site, origin),
  }
}

// The shared link has its own flow; it cannot be set through settings.
const SETTABLE = new Set(Object.keys(siteSettingsSchema.shape).filter((k) => k !== 'sharedLink'))

/** The site's settings with the sent keys changed; an unknown key or a bad value is a 400. */
function mergeSettings(current: SiteSettings, changes: Record<string, unknown>): SiteSettings {
  for (const key of Object.keys(changes))
    if (!SETTABLE.has(key))
      throw new HttpError(400, `settings.${key}: not a setting that can be changed here`, {
        field: `settings.${key}`,
      })
  const parsed = siteSettingsSchema.safeParse({ ...current, ...changes })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = `settings.${issue?.path.join('.') ?? ''}`
    throw new HttpError(400, `${field}: ${issue?.message ?? 'invalid'}`, { field })
  }
  // The collector ignores a list it cannot read as a whole, so one typo would stop every exclusion.
  for (const [i, range] of (changes.excludedIps === undefined
    ? []
    : parsed.data.excludedIps
  ).entries()) {
    const compiled = compileCidrs([range])
    if (!compiled.ok)
      throw new HttpError(400, `settings.excludedIps.${i}: ${compiled.error}`, {
        field: `settings.excludedIps.${i}`,
      })
  }
  return parsed.data
}

/** Sites: list, add, read and change settings. */
export function sitesRoutes(deps: Deps) {
  const origin = (url: string) => new URL(url).origin
  return new Hono<AppEnv>()
    .get('/api/sites', async (c) => {
      const user = requireUser(c, { read: true })
      const key = c.get('apiKey')
      // An API key sees only the sites it was made for, whatever its owner may see; a stats
      // key holds the viewer role on them, as requireSite says.
      const sites = (await listSitesForUser(deps.store, user)).filter(
        (s) => !key || key.siteIds.length === 0 || key.siteIds.includes(s.id),
      )
      const readOnly = key !== undefined && !key.scopes.includes('sites:manage')
      return c.json({
        sites: sites.map((s) => ({
          ...publicSite(s, deps.config, origin(c.req.url)),
          role: readOnly ? 'viewer' : s.role,
        })),
      })
    })
    .post('/api/sites', async (c) => {
      const user = requireUser(c)
      // A key made for named sites reaches those only; a site it added would be outside its list.
      if (c.get('apiKey')?.siteIds.length)
        throw new HttpError(403, 'This API key is limited to named sites and cannot add sites')
      const body = await readJson(c, createBody)
      const site = await withSiteWrites(async () => {
        if (await getSiteByDomain(deps.store, body.domain))
          throw new HttpError(409, `domain: ${body.domain} is already added`, { field: 'domain' })
        return createSite(deps.store, { ...body, ownerId: user.id }, deps.now())
      })
      await recordAudit(
        deps.store,
        { actor: user, action: 'site_created', siteId: site.id, target: site.domain },
        deps.now(),
      )
      return c.json(
        { site: { ...publicSite(site, deps.config, origin(c.req.url)), role: 'owner' } },
        201,
      )
    })
    .get('/api/sites/:domain', async (c) => {
      const { site, role } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      return c.json({ site: { ...publicSite(site, deps.config, origin(c.req.url)), role } })
    })
    .patch('/api/sites/:domain', async (c) => {
      const { site: found, role } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, updateBody)
      // On the latest stored row, one change at a time: two changes at once both stay, and
      // two sites never end up with one domain.
      const updated = await updateSite(
        deps.store,
        found.id,
        async (site) => {
          const settings = mergeSettings(site.settings, body.settings ?? {})
          if (settings.retentionMonths < site.settings.retentionMonths)
            throw new HttpError(
              409,
              'settings.retentionMonths: shortening retention deletes data; schedule it with ' +
                `POST /api/sites/${site.domain}/deletions {"kind":"retention"} (password again, 30 days to cancel)`,
              { field: 'settings.retentionMonths' },
            )
          if (
            body.domain &&
            body.domain !== site.domain &&
            (await getSiteByDomain(deps.store, body.domain))
          )
            throw new HttpError(409, `domain: ${body.domain} is already added`, { field: 'domain' })
          const next: Site = {
            ...site,
            domain: body.domain ?? site.domain,
            timezone: body.timezone ?? site.timezone,
            aliases: body.aliases ?? site.aliases,
            settings,
          }
          return next
        },
        deps.now(),
      )
      if (!updated) throw new HttpError(404, `No site ${found.domain}`)
      // The collector applies the new settings (excluded IPs, paths, aliases) from the next hit.
      deps.ingest.sites.invalidate()
      return c.json({ site: { ...publicSite(updated, deps.config, origin(c.req.url)), role } })
    })
}
