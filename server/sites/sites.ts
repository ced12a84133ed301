import { randomInt } from 'node:crypto'
import { oneAtATime } from '../one-at-a-time'
import type { Store } from '../store'
import { parseSiteSettings, type SiteSettings } from './settings'

export type Role = 'owner' | 'admin' | 'viewer'

export interface Site {
  id: number
  domain: string
  timezone: string
  aliases: string[]
  settings: SiteSettings
  createdAt: number
}

interface SiteRow {
  id: number
  domain: string
  timezone: string
  aliases: string[]
  settings: string
  created_at: string
}

const SELECT_SITE = `SELECT id, domain, timezone, aliases, settings,
  toUnixTimestamp64Milli(created_at) AS created_at FROM sites FINAL WHERE deleted = 0`

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    domain: row.domain,
    timezone: row.timezone,
    aliases: row.aliases,
    settings: parseSiteSettings(row.settings),
    createdAt: Number(row.created_at),
  }
}

export async function getSiteByDomain(store: Store, domain: string): Promise<Site | undefined> {
  const rows = await store.reader.query<SiteRow>(
    'getSiteByDomain',
    `${SELECT_SITE} AND domain = {domain:String}`,
    {
      domain,
    },
  )
  return rows[0] && toSite(rows[0])
}

export async function getSiteById(store: Store, id: number): Promise<Site | undefined> {
  const rows = await store.reader.query<SiteRow>(
    'getSiteById',
    `${SELECT_SITE} AND id = {id:UInt32}`,
    { id },
  )
  return rows[0] && toSite(rows[0])
}

export async function listAllSites(store: Store): Promise<Site[]> {
  const rows = await store.reader.query<SiteRow>('listAllSites', `${SELECT_SITE} ORDER BY domain`)
  return rows.map(toSite)
}

/** Sites a user can see, with the user's role on each (instance admins see all as owner). */
export async function listSitesForUser(
  store: Store,
  user: { id: string; isAdmin: boolean },
): Promise<Array<Site & { role: Role }>> {
  const sites = await listAllSites(store)
  if (user.isAdmin) return sites.map((s) => ({ ...s, role: 'owner' as const }))
  const roles = await getRolesOfUser(store, user.id)
  return sites.flatMap((s) => {
    const role = roles.get(s.id)
    return role ? [{ ...s, role }] : []
  })
}

export async function getRolesOfUser(store: Store, userId: string): Promise<Map<number, Role>> {
  const rows = await store.reader.query<{ site_id: number; role: Role }>(
    'getRolesOfUser',
    'SELECT site_id, role FROM site_members FINAL WHERE deleted = 0 AND user_id = {user:String}',
    { user: userId },
  )
  return new Map(rows.map((r) => [r.site_id, r.role]))
}

/** Domains of the sites on which the user is the only owner (removing them would orphan the site). */
export async function getSitesOwnedOnlyBy(store: Store, userId: string): Promise<string[]> {
  const rows = await store.reader.query<{ domain: string }>(
    'getSitesOwnedOnlyBy',
    `SELECT s.domain AS domain FROM sites AS s FINAL
     INNER JOIN (SELECT site_id FROM site_members FINAL WHERE deleted = 0 AND role = 'owner'
                 GROUP BY site_id
                 HAVING count() = 1 AND any(user_id) = {user:String}) AS o ON o.site_id = s.id
     WHERE s.deleted = 0 ORDER BY s.domain`,
    { user: userId },
  )
  return rows.map((r) => r.domain)
}

export async function setMember(
  store: Store,
  siteId: number,
  userId: string,
  role: Role | null,
  now: number,
) {
  await store.writer.insert('site_members', [
    {
      site_id: siteId,
      user_id: userId,
      role: role ?? 'viewer',
      updated_at: now,
      deleted: role ? 0 : 1,
    },
  ])
}

/**
 * Runs a change of one site's members after every earlier one: a check that the site keeps
 * an owner and the change it allows are never interleaved with another change of its members.
 */
export const withSiteMembers = <T>(siteId: number, task: () => Promise<T>): Promise<T> =>
  oneAtATime(`members:${siteId}`, task)

/**
 * Runs `task` with the members of every site the user has a role on held (withSiteMembers, in
 * order of site id), passing the user's roles as read inside. When the user got a role on
 * another site meanwhile, it starts again with that site held too.
 */
export async function withMembershipsOf<T>(
  store: Store,
  userId: string,
  task: (roles: Map<number, Role>) => Promise<T>,
): Promise<T> {
  for (;;) {
    const held = [...(await getRolesOfUser(store, userId)).keys()].sort((a, b) => a - b)
    const run = held.reduceRight<() => Promise<{ value: T } | undefined>>(
      (inner, siteId) => () => withSiteMembers(siteId, inner),
      async () => {
        const roles = await getRolesOfUser(store, userId)
        if ([...roles.keys()].some((siteId) => !held.includes(siteId))) return undefined
        return { value: await task(roles) }
      },
    )
    const result = await run()
    if (result) return result.value
  }
}

/** Writes the whole site row as a new version. */
/**
 * Runs a change of the sites table after every earlier one has finished: adding a site checks
 * and claims its domain together, and each change of a site starts from its latest row.
 */
export const withSiteWrites = <T>(task: () => Promise<T>): Promise<T> => oneAtATime('sites', task)

/**
 * Changes a site on its latest stored row, one change at a time, so two changes made at once
 * (settings, a shared link, segment linking, a retention change) both stay. `change` may
 * throw to refuse; returns the saved site, or undefined when the site is gone.
 */
export function updateSite(
  store: Store,
  id: number,
  change: (site: Site) => Site | Promise<Site>,
  now: number,
): Promise<Site | undefined> {
  return withSiteWrites(async () => {
    const site = await getSiteById(store, id)
    if (!site) return undefined
    const next = await change(site)
    await saveSite(store, next, now)
    return next
  })
}

export async function saveSite(store: Store, site: Site, now: number): Promise<void> {
  await store.writer.insert('sites', [
    {
      id: site.id,
      domain: site.domain,
      timezone: site.timezone,
      aliases: site.aliases,
      settings: JSON.stringify(site.settings),
      created_at: site.createdAt,
      updated_at: now,
      deleted: 0,
    },
  ])
}

export async function createSite(
  store: Store,
  input: { domain: string; timezone: string; ownerId: string },
  now: number,
): Promise<Site> {
  const site: Site = {
    id: randomInt(1, 2 ** 31),
    domain: input.domain,
    timezone: input.timezone,
    aliases: [],
    settings: parseSiteSettings('{}'),
    createdAt: now,
  }
  await saveSite(store, site, now)
  await setMember(store, site.id, input.ownerId, 'owner', now)
  return site
}
