import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'

// One key object per salt: making it from the bytes on every hit costs as much as the hash.
const keys = new WeakMap<Buffer, KeyObject>()

/**
 * The visitor hash: a keyed 64-bit hash of (site, IP, User-Agent) under the day's salt.
 * HMAC-SHA-256 truncated to 64 bits is a keyed pseudo-random function like SipHash; Node
 * computes it natively. Without the salt (deleted after 48 h) the hash cannot be linked back.
 * Returns the unsigned 64-bit value as a decimal string (ClickHouse UInt64).
 */
export function getVisitorId(salt: Buffer, siteId: number, ip: string, userAgent: string): string {
  let key = keys.get(salt)
  if (!key) {
    key = createSecretKey(salt)
    keys.set(salt, key)
  }
  const digest = createHmac('sha256', key).update(`${siteId}\n${ip}\n${userAgent}`).digest()
  return digest.readBigUInt64BE(0).toString()
}
