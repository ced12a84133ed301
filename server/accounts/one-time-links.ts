import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Role } from '../sites/sites'
import type { Store } from '../store'
import { hashToken } from './sessions'

export type LinkKind = 'invite' | 'password_reset'
export const LINK_LIFETIME_MS: Record<LinkKind, number> = {
  invite: 7 * 24 * 3600_000,
  password_reset: 24 * 3600_000,
}

const payloadSchema = z.object({
  isAdmin: z.boolean().default(false),
  sites: z
    .array(z.object({ siteId: z.number(), role: z.enum(['owner', 'admin', 'viewer']) }))
    .default([]),
})
export type InvitePayload = { isAdmin: boolean; sites: Array<{ siteId: number; role: Role }> }

export interface OneTimeLink {
  tokenHash: string
  kind: LinkKind
  email: string
  userId: string
  payload: InvitePayload
  createdBy: string
  createdAt: number
  expiresAt: number
}

interface LinkRow {
  token_hash: string
  kind: LinkKind
  email: string
  user_id: string
  payload: string
  created_by: string
  created_ms: string
  expires_ms: string
}

const SELECT_LINK = `SELECT token_hash, kind, email, user_id, payload, created_by,
  toUnixTimestamp64Milli(created_at) AS created_ms, toUnixTimestamp64Milli(expires_at) AS expires_ms
  FROM account_tokens FINAL
  WHERE deleted = 0 AND expires_at > fromUnixTimestamp64Milli({now:Int64}, 'UTC')`

function toLink(row: LinkRow): OneTimeLink {
  return {
    tokenHash: row.token_hash,
    kind: row.kind,
    email: row.email,
    userId: row.user_id,
    payload: payloadSchema.parse(JSON.parse(row.payload)),
    createdBy: row.created_by,
    createdAt: Number(row.created_ms),
    expiresAt: Number(row.expires_ms),
  }
}

async function write(store: Store, link: OneTimeLink, now: number, deleted: 0 | 1) {
  await store.writer.insert('account_tokens', [
    {
      token_hash: link.tokenHash,
      kind: link.kind,
      email: link.email,
      user_id: link.userId,
      payload: JSON.stringify(link.payload),
      created_by: link.createdBy,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
      updated_at: now,
      deleted,
    },
  ])
}

/** Creates a one-time link; returns the token for the URL (only its hash is stored). */
export async function createLink(
  store: Store,
  input: {
    kind: LinkKind
    email: string
    userId?: string
    payload?: InvitePayload
    createdBy: string
  },
  now: number,
): Promise<{ token: string; link: OneTimeLink }> {
  const token = randomBytes(24).toString('base64url')
  const link: OneTimeLink = {
    tokenHash: hashToken(token),
    kind: input.kind,
    email: input.email,
    userId: input.userId ?? '',
    payload: input.payload ?? { isAdmin: false, sites: [] },
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: now + LINK_LIFETIME_MS[input.kind],
  }
  await write(store, link, now, 0)
  return { token, link }
}

/** The live link of a kind for a token, or undefined (unknown, used, expired). */
export async function findLink(
  store: Store,
  kind: LinkKind,
  token: string,
  now: number,
): Promise<OneTimeLink | undefined> {
  if (token.length > 100) return undefined
  const rows = await store.reader.query<LinkRow>(
    'findLink',
    `${SELECT_LINK} AND token_hash = {hash:String} AND kind = {kind:String}`,
    { hash: hashToken(token), kind, now },
  )
  return rows[0] && toLink(rows[0])
}

/** Open invitations, newest first. */
export async function listInvites(store: Store, now: number): Promise<OneTimeLink[]> {
  const rows = await store.reader.query<LinkRow>(
    'listInvites',
    `${SELECT_LINK} AND kind = 'invite' ORDER BY created_at DESC`,
    { now },
  )
  return rows.map(toLink)
}

/** Uses up or withdraws a link. */
export async function consumeLink(store: Store, link: OneTimeLink, now: number) {
  await write(store, link, now, 1)
}

/** Withdraws every open link of a kind for a user (e.g. older reset links when a new one is made). */
export async function consumeLinksOfUser(
  store: Store,
  kind: LinkKind,
  userId: string,
  now: number,
) {
  const rows = await store.reader.query<LinkRow>(
    'listLinksOfUser',
    `${SELECT_LINK} AND kind = {kind:String} AND user_id = {user:String}`,
    { kind, user: userId, now },
  )
  for (const row of rows) await consumeLink(store, toLink(row), now)
}

/** The invitation with this hash prefix (ids shown in the admin list), or undefined. */
export async function findInviteById(store: Store, id: string, now: number) {
  return (await listInvites(store, now)).find((l) => l.tokenHash.slice(0, 16) === id)
}
