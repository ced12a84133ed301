import { createHmac } from 'node:crypto'
import type { Store } from '../store'
import type { AbcClass } from './abc'
import type { Customer } from './clean'
import { foldName } from './normalise'

/** What a re-import changed, known only with the opt-in hashed keys. */
export interface Movement {
  returning: number
  new: number
  gone: number
  up: number
  down: number
}

/**
 * The keyed hash of a customer's key (customer id, else e-mail, else company or name with
 * postcode): HMAC-SHA-256 with the instance secret and the site, so the hash is useless
 * without the server's key and differs between sites.
 */
export function customerKeyHash(secret: Buffer, siteId: number, c: Customer): string {
  const key = c.customerId
    ? `id:${c.customerId.toLowerCase()}`
    : c.email
      ? `email:${c.email}`
      : `name:${foldName(c.company || c.name, true)}|${c.postcode}`
  return createHmac('sha256', secret).update(`${siteId}\0${key}`).digest('hex')
}

const RANK: Record<AbcClass, number> = { A: 3, B: 2, C: 1 }

/**
 * Compares this import with the hashes kept from the last one, then replaces them: new
 * hashes are written, those no longer present are deleted from disk.
 */
export async function updateCustomerKeys(
  store: Store,
  secret: Buffer,
  siteId: number,
  labelled: ReadonlyArray<{ customer: Customer; abc: AbcClass }>,
  now: number,
): Promise<Movement> {
  const rows = await store.reader.query<{ key_hash: string; abc: AbcClass }>(
    'getCustomerKeys',
    `SELECT key_hash, abc FROM segment_customer_keys FINAL
     WHERE deleted = 0 AND site_id = {site:UInt32}`,
    { site: siteId },
  )
  const before = new Map(rows.map((r) => [r.key_hash, r.abc]))
  const current = new Map(labelled.map((l) => [customerKeyHash(secret, siteId, l.customer), l.abc]))
  const movement: Movement = { returning: 0, new: 0, gone: 0, up: 0, down: 0 }
  for (const [hash, abc] of current) {
    const was = before.get(hash)
    if (was === undefined) movement.new++
    else {
      movement.returning++
      if (RANK[abc] > RANK[was]) movement.up++
      if (RANK[abc] < RANK[was]) movement.down++
    }
  }
  const gone = [...before.keys()].filter((h) => !current.has(h))
  movement.gone = gone.length
  await store.writer.insert('segment_customer_keys', [
    ...[...current].map(([key_hash, abc]) => ({
      site_id: siteId,
      key_hash,
      abc,
      updated_at: now,
      deleted: 0,
    })),
    ...gone.map((key_hash) => ({
      site_id: siteId,
      key_hash,
      abc: before.get(key_hash) ?? 'C',
      updated_at: now,
      deleted: 1,
    })),
  ])
  // Marked deleted, a hash would stay on disk for good; remove every version of it.
  if (gone.length > 0)
    await store.writer.command(
      `ALTER TABLE segment_customer_keys DELETE
       WHERE site_id = {site:UInt32} AND key_hash IN (
         SELECT key_hash FROM segment_customer_keys WHERE site_id = {site:UInt32} AND deleted = 1)
       SETTINGS mutations_sync = 2`,
      { site: siteId },
    )
  return movement
}

/** Removes every kept hash of a site (opt-in switched off). */
export async function dropCustomerKeys(store: Store, siteId: number): Promise<void> {
  await store.writer.command(
    // mutations_sync = 2: the statement returns once the rows are gone from disk.
    'ALTER TABLE segment_customer_keys DELETE WHERE site_id = {site:UInt32} SETTINGS mutations_sync = 2',
    { site: siteId },
  )
}
