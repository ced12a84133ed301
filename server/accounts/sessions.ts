import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../store'

export const SESSION_COOKIE = 'spur_session'
/** A session ends 14 days after login whatever happens. */
export const SESSION_ABSOLUTE_MS = 14 * 24 * 3600_000
/** …and after 3 days without a request. */
export const SESSION_IDLE_MS = 3 * 24 * 3600_000
// Activity is written at most this often per session, not on every request.
const TOUCH_EVERY_MS = 5 * 60_000

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface AuthSession {
  tokenHash: string
  userId: string
  createdAt: number
  expiresAt: number
  lastSeenAt: number
  /** Coarse device description, e.g. "Firefox on Linux". */
  label: string
}

interface SessionRow {
  token_hash: string
  user_id: string
  created_at: string
  expires_at: string
  last_seen_at: string
  label: string
}

const SELECT_SESSION = `SELECT s.token_hash AS token_hash, s.user_id AS user_id,
    toUnixTimestamp64Milli(s.created_at) AS created_at,
    toUnixTimestamp64Milli(s.expires_at) AS expires_at,
    toUnixTimestamp64Milli(greatest(s.created_at, a.last_seen_at)) AS last_seen_at, s.label AS label
  FROM (SELECT * FROM auth_sessions FINAL WHERE deleted = 0) AS s
  LEFT JOIN (SELECT token_hash, max(last_seen_at) AS last_seen_at FROM auth_session_activity
             GROUP BY token_hash) AS a ON a.token_hash = s.token_hash
  WHERE s.expires_at > fromUnixTimestamp64Milli({now:Int64}, 'UTC')
    AND greatest(s.created_at, a.last_seen_at) > fromUnixTimestamp64Milli({idleSince:Int64}, 'UTC')`

function toSession(row: SessionRow): AuthSession {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    lastSeenAt: Number(row.last_seen_at),
    label: row.label,
  }
}

/** Starts a login session and returns the token for the cookie; only its hash is stored. */
export async function createSession(
  store: Store,
  userId: string,
  now: number,
  label = '',
): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await store.writer.insert('auth_sessions', [
    {
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now,
      expires_at: now + SESSION_ABSOLUTE_MS,
      updated_at: now,
      label: label.slice(0, 100),
      deleted: 0,
    },
  ])
  return token
}

/** The live session for a cookie token: not logged out, not past its absolute or idle expiry. */
export async function getSession(
  store: Store,
  token: string,
  now: number,
): Promise<AuthSession | undefined> {
  const rows = await store.reader.query<SessionRow>(
    'getSession',
    `${SELECT_SESSION} AND s.token_hash = {hash:String}`,
    { hash: hashToken(token), now, idleSince: now - SESSION_IDLE_MS },
  )
  return rows[0] && toSession(rows[0])
}

/** Records that the session was used, at most every few minutes. */
export async function touchSession(store: Store, session: AuthSession, now: number) {
  if (now - session.lastSeenAt < TOUCH_EVERY_MS) return
  await store.writer.insert('auth_session_activity', [
    { token_hash: session.tokenHash, last_seen_at: now },
  ])
}

/** A user's live sessions, most recently used first. */
export async function listSessions(
  store: Store,
  userId: string,
  now: number,
): Promise<AuthSession[]> {
  const rows = await store.reader.query<SessionRow>(
    'listSessions',
    `${SELECT_SESSION} AND s.user_id = {user:String} ORDER BY last_seen_at DESC`,
    { user: userId, now, idleSince: now - SESSION_IDLE_MS },
  )
  return rows.map(toSession)
}

export async function deleteSession(
  store: Store,
  session: Pick<AuthSession, 'tokenHash' | 'userId' | 'createdAt' | 'expiresAt'>,
  now: number,
): Promise<void> {
  await deleteSessions(store, [session], now)
}

async function deleteSessions(
  store: Store,
  sessions: Array<Pick<AuthSession, 'tokenHash' | 'userId' | 'createdAt' | 'expiresAt'>>,
  now: number,
) {
  await store.writer.insert(
    'auth_sessions',
    sessions.map((s) => ({
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      updated_at: now,
      deleted: 1,
    })),
  )
}

/** Ends every session of a user except `keepHash` (log out everywhere, password change). */
export async function deleteSessionsOfUser(
  store: Store,
  userId: string,
  now: number,
  keepHash?: string,
): Promise<number> {
  const rows = await store.reader.query<SessionRow>(
    'listAllSessionsOfUser',
    `SELECT token_hash, user_id, toUnixTimestamp64Milli(created_at) AS created_at,
            toUnixTimestamp64Milli(expires_at) AS expires_at, created_at AS last_seen_at, label
     FROM auth_sessions FINAL WHERE deleted = 0 AND user_id = {user:String}`,
    { user: userId },
  )
  const ended = rows.map(toSession).filter((s) => s.tokenHash !== keepHash)
  await deleteSessions(store, ended, now)
  return ended.length
}
