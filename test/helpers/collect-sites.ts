import { createSite, saveSite, type Site } from '../../server/sites/sites'
import type { SiteSettingsInput } from '../../server/sites/settings'
import { siteSettingsSchema } from '../../server/sites/settings'
import type { Services } from '../../server/services'

let counter = 0

/**
 * Creates a site with its own domain (and optional settings or aliases) and makes the
 * collector's site cache see it at once.
 */
export async function addCollectSite(
  services: Services,
  options: { domain?: string; aliases?: string[]; settings?: SiteSettingsInput } = {},
): Promise<Site> {
  const { store, now } = services.deps
  const domain = options.domain ?? `site${++counter}-${process.pid}.example`
  let site = await createSite(store, { domain, timezone: 'UTC', ownerId: 'owner' }, now())
  if (options.settings || options.aliases) {
    site = {
      ...site,
      aliases: options.aliases ?? [],
      settings: siteSettingsSchema.parse({ ...site.settings, ...options.settings }),
    }
    await saveSite(store, site, now() + 1)
  }
  services.deps.ingest.sites.invalidate()
  return site
}
