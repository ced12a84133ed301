import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../store'

export const SESSION_COOKIE = 'spur_session'
export const SESSION_ABSOLUTE_MS = 14 * 24 * 3600_000

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface AuthSession {
  tokenHash: string
  userId: string
  createdAt: number
  expiresAt: number
}

/** Starts a login session and returns the token for the cookie; only its hash is stored. */
export async function createSession(store: Store, userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await store.writer.insert('auth_sessions', [
    {
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now,
      expires_at: now + SESSION_ABSOLUTE_MS,
      updated_at: now,
      deleted: 0,
    },
  ])
  return token
}

export async function getSession(
  store: Store,
  token: string,
  now: number,
): Promise<AuthSession | undefined> {
  const rows = await store.reader.query<{
    token_hash: string
    user_id: string
    created_at: string
    expires_at: string
  }>(
    'getSession',
    `SELECT token_hash, user_id, toUnixTimestamp64Milli(created_at) AS created_at,
            toUnixTimestamp64Milli(expires_at) AS expires_at
     FROM auth_sessions FINAL
     WHERE token_hash = {hash:String} AND deleted = 0
       AND expires_at > fromUnixTimestamp64Milli({now:Int64}, 'UTC')`,
    { hash: hashToken(token), now },
  )
  const row = rows[0]
  return row
    ? {
        tokenHash: row.token_hash,
        userId: row.user_id,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      }
    : undefined
}

export async function deleteSession(
  store: Store,
  session: AuthSession,
  now: number,
): Promise<void> {
  await store.writer.insert('auth_sessions', [
    {
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      updated_at: now,
      deleted: 1,
    },
  ])
}
