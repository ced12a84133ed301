import { createHmac } from 'node:crypto'

/**
 * The visitor hash: a keyed 64-bit hash of (site, IP, User-Agent) under the day's salt.
 * HMAC-SHA-256 truncated to 64 bits is a keyed pseudo-random function like SipHash; Node
 * computes it natively. Without the salt (deleted after 48 h) the hash cannot be linked back.
 * Returns the unsigned 64-bit value as a decimal string (ClickHouse UInt64).
 */
export function getVisitorId(salt: Buffer, siteId: number, ip: string, userAgent: string): string {
  const digest = createHmac('sha256', salt).update(`${siteId}\n${ip}\n${userAgent}`).digest()
  return digest.readBigUInt64BE(0).toString()
}
