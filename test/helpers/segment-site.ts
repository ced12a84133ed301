import { saveSegments, type Segment } from '../../server/segments/repo'
import { parseSiteSettings } from '../../server/sites/settings'
import { createSite, saveSite, type Site } from '../../server/sites/sites'
import type { Store } from '../../server/store'

/**
 * A site with segment linking on and a k-anonymity floor of 3, and a rule segment for each of
 * `names` (in that order), so hits can carry those segments.
 */
export async function createSegmentSite(
  store: Store,
  domain: string,
  names: string[],
): Promise<Site> {
  const site = await createSite(store, { domain, timezone: 'UTC', ownerId: 'o' }, 0)
  const settings = parseSiteSettings(JSON.stringify({ segmentsEnabled: true, kAnonymity: 3 }))
  await saveSite(store, { ...site, settings }, 1)
  const segment = (name: string, position: number): Segment => ({
    siteId: site.id,
    id: `seg-${name}`,
    name,
    kind: 'rule',
    definition: {},
    token: `token${name}token${name}`,
    members: 10,
    revenueCents: 0,
    position,
    importedAt: 0,
    createdAt: 0,
  })
  await saveSegments(store, names.map(segment), 1)
  return { ...site, settings }
}
