import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Store } from '../store'

/** What a key may do: read the stats of its sites, or also manage them. */
export const API_SCOPES = ['stats:read', 'sites:manage'] as const
export type ApiScope = (typeof API_SCOPES)[number]
export const DEFAULT_RATE_LIMIT = 600
const KEY_PREFIX = 'spur_'

export interface ApiKey {
  id: string
  userId: string
  name: string
  /** The first characters of the key, shown so a person can tell keys apart. */
  prefix: string
  scopes: ApiScope[]
  /** Sites the key is limited to; empty means every site its owner can see. */
  siteIds: number[]
  /** Requests per minute. */
  rateLimit: number
  createdAt: number
  lastUsedAt: number | null
}

interface KeyRow {
  id: string
  user_id: string
  name: string
  prefix: string
  scopes: ApiScope[]
  site_ids: number[]
  rate_limit: number
  created_at: string
  last_used_at: string | null
}

const SELECT_KEY = `SELECT k.id AS id, k.user_id AS user_id, k.name AS name, k.prefix AS prefix,
    k.scopes AS scopes, k.site_ids AS site_ids, k.rate_limit AS rate_limit,
    toUnixTimestamp64Milli(k.created_at) AS created_at,
    if(u.key_id = '', NULL, toUnixTimestamp64Milli(u.last_used_at)) AS last_used_at
  FROM (SELECT * FROM api_keys FINAL WHERE deleted = 0) AS k
  LEFT JOIN (SELECT key_id, max(last_used_at) AS last_used_at FROM api_key_usage GROUP BY key_id) AS u
    ON u.key_id = k.id`

function toKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    siteIds: row.site_ids.map(Number),
    rateLimit: Number(row.rate_limit),
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  }
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')

/** Creates a key and returns it with its secret, which is shown once and stored only hashed. */
export async function createApiKey(
  store: Store,
  input: {
    userId: string
    name: string
    scopes: ApiScope[]
    siteIds: number[]
    rateLimit?: number
  },
  now: number,
): Promise<{ key: ApiKey; secret: string }> {
  const secret = KEY_PREFIX + randomBytes(32).toString('base64url')
  const key: ApiKey = {
    id: randomUUID(),
    userId: input.userId,
    name: input.name,
    prefix: secret.slice(0, 12),
    scopes: [...new Set(input.scopes)],
    siteIds: [...new Set(input.siteIds)],
    rateLimit: input.rateLimit ?? DEFAULT_RATE_LIMIT,
    createdAt: now,
    lastUsedAt: null,
  }
  await writeKey(store, key, hashKey(secret), now, 0)
  return { key, secret }
}

async function writeKey(store: Store, key: ApiKey, hash: string, now: number, deleted: 0 | 1) {
  await store.writer.insert('api_keys', [
    {
      id: key.id,
      user_id: key.userId,
      name: key.name,
      prefix: key.prefix,
      key_hash: hash,
      scopes: key.scopes,
      site_ids: key.siteIds,
      rate_limit: key.rateLimit,
      created_at: key.createdAt,
      updated_at: now,
      deleted,
    },
  ])
}

/** The live key for a presented secret, or undefined. */
export async function findApiKey(store: Store, secret: string): Promise<ApiKey | undefined> {
  if (!secret.startsWith(KEY_PREFIX) || secret.length > 100) return undefined
  const rows = await store.reader.query<KeyRow>(
    'findApiKey',
    SELECT_KEY.replace('WHERE deleted = 0', 'WHERE deleted = 0 AND key_hash = {hash:String}'),
    { hash: hashKey(secret) },
  )
  return rows[0] && toKey(rows[0])
}

/** Keys of one user (or of every user when `userId` is undefined), newest first. */
export async function listApiKeys(store: Store, userId?: string): Promise<ApiKey[]> {
  const rows = await store.reader.query<KeyRow>(
    'listApiKeys',
    SELECT_KEY.replace(
      'WHERE deleted = 0',
      userId === undefined ? 'WHERE deleted = 0' : 'WHERE deleted = 0 AND user_id = {user:String}',
    ) + ' ORDER BY created_at DESC',
    userId === undefined ? {} : { user: userId },
  )
  return rows.map(toKey)
}

/** Revokes a key; it stops working at once. */
export async function revokeApiKey(store: Store, key: ApiKey, now: number): Promise<void> {
  await writeKey(store, key, '', now, 1)
}

/** Revokes every key of a user (user removed). */
export async function revokeApiKeysOfUser(store: Store, userId: string, now: number) {
  for (const key of await listApiKeys(store, userId)) await revokeApiKey(store, key, now)
}

const lastWritten = new Map<string, number>()

/** Records the key's use, written at most once a minute per key. */
export async function touchApiKey(store: Store, key: ApiKey, now: number): Promise<void> {
  if (now - (lastWritten.get(key.id) ?? 0) < 60_000) return
  lastWritten.set(key.id, now)
  await store.writer.insert('api_key_usage', [{ key_id: key.id, last_used_at: now }])
}

const buckets = new Map<string, { tokens: number; at: number }>()

/**
 * Per-key token bucket: `rateLimit` requests a minute, refilled continuously. Returns 0 when
 * the request may go ahead, otherwise the milliseconds until it may.
 */
export function takeRateToken(key: ApiKey, now: number): number {
  const perMs = key.rateLimit / 60_000
  const bucket = buckets.get(key.id) ?? { tokens: key.rateLimit, at: now }
  const tokens = Math.min(key.rateLimit, bucket.tokens + (now - bucket.at) * perMs)
  if (tokens < 1) {
    buckets.set(key.id, { tokens, at: now })
    return Math.ceil((1 - tokens) / perMs)
  }
  buckets.set(key.id, { tokens: tokens - 1, at: now })
  return 0
}
