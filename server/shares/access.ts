import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Site } from '../sites/sites'

/** How long an unlocked password-protected link stays open without asking again. */
export const ACCESS_TTL_MS = 12 * 3600_000

function sign(key: Buffer, site: Site, expires: number): string {
  return createHmac('sha256', key)
    .update(`share-access\0${site.id}\0${site.settings.sharedLink?.tokenHash ?? ''}\0${expires}`)
    .digest('base64url')
}

/**
 * A short-lived proof that the viewer typed the link's password, sent back in a header (no
 * cookie). It is bound to the link's token hash, so revoking or replacing the link ends it.
 */
export function issueShareAccess(key: Buffer, site: Site, now: number): string {
  const expires = now + ACCESS_TTL_MS
  return `${expires}.${sign(key, site, expires)}`
}

/** True when `access` was issued for this site's current link and has not expired. */
export function verifyShareAccess(
  key: Buffer,
  site: Site,
  access: string | undefined,
  now: number,
): boolean {
  if (!access) return false
  const [exp, mac] = access.split('.')
  const expires = Number(exp)
  if (!mac || !Number.isSafeInteger(expires) || expires < now) return false
  const want = Buffer.from(sign(key, site, expires))
  const have = Buffer.from(mac)
  return want.length === have.length && timingSafeEqual(want, have)
}
