import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { hashPassword, verifyPassword } from '../accounts/passwords'
import { listAllSites, updateSite, type Site } from '../sites/sites'
import type { Store } from '../store'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Creates (or replaces) a site's public shared link and returns its token. Only the token's
 * hash is stored, so the link is shown once; replacing it revokes the previous one.
 */
export async function createSharedLink(
  store: Store,
  site: Site,
  password: string | undefined,
  now: number,
): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  const sharedLink = {
    tokenHash: hashToken(token),
    createdAt: now,
    ...(password ? { passwordHash: await hashPassword(password) } : {}),
  }
  const saved = await updateSite(
    store,
    site.id,
    (latest) => ({ ...latest, settings: { ...latest.settings, sharedLink } }),
    now,
  )
  if (!saved) throw new Error(`Site ${site.domain} is gone`)
  return token
}

/** Removes the shared link; its token stops working at once. */
export async function revokeSharedLink(store: Store, site: Site, now: number): Promise<void> {
  await updateSite(
    store,
    site.id,
    (latest) => {
      const settings = { ...latest.settings }
      delete settings.sharedLink
      return { ...latest, settings }
    },
    now,
  )
}

/** The site a shared-link token opens, or undefined for an unknown or revoked token. */
export async function findSharedSite(store: Store, token: string): Promise<Site | undefined> {
  if (!/^[\w-]{20,64}$/.test(token)) return undefined
  const want = Buffer.from(hashToken(token), 'hex')
  for (const site of await listAllSites(store)) {
    const stored = site.settings.sharedLink?.tokenHash
    if (!stored) continue
    const have = Buffer.from(stored, 'hex')
    if (have.length === want.length && timingSafeEqual(have, want)) return site
  }
  return undefined
}

/** Checks the link's password; a link without one needs none. */
export async function checkSharePassword(site: Site, password: string): Promise<boolean> {
  const hash = site.settings.sharedLink?.passwordHash
  return hash ? verifyPassword(password, hash) : true
}
