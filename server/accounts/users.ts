import { randomUUID } from 'node:crypto'
import { oneAtATime } from '../one-at-a-time'
import type { Store } from '../store'
import { hashPassword } from './passwords'

export interface User {
  id: string
  email: string
  name: string
  isAdmin: boolean
  passwordHash: string
  /** Account data kept as JSON: 2FA state, preferences. */
  data: Record<string, unknown>
  createdAt: number
}

interface UserRow {
  id: string
  email: string
  name: string
  password_hash: string
  is_admin: number
  data: string
  created_at: string
}

const SELECT_USER = `SELECT id, email, name, password_hash, is_admin, data,
  toUnixTimestamp64Milli(created_at) AS created_at FROM users FINAL WHERE deleted = 0`

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin === 1,
    passwordHash: row.password_hash,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: Number(row.created_at),
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

export async function getUserByEmail(store: Store, email: string): Promise<User | undefined> {
  const rows = await store.reader.query<UserRow>(
    'getUserByEmail',
    `${SELECT_USER} AND email = {email:String}`,
    {
      email: normaliseEmail(email),
    },
  )
  return rows[0] && toUser(rows[0])
}

export async function getUserById(store: Store, id: string): Promise<User | undefined> {
  const rows = await store.reader.query<UserRow>(
    'getUserById',
    `${SELECT_USER} AND id = {id:String}`,
    { id },
  )
  return rows[0] && toUser(rows[0])
}

export async function listUsers(store: Store): Promise<User[]> {
  const rows = await store.reader.query<UserRow>('listUsers', `${SELECT_USER} ORDER BY email`)
  return rows.map(toUser)
}

export async function countUsers(store: Store): Promise<number> {
  const rows = await store.reader.query<{ n: string }>(
    'countUsers',
    'SELECT count() AS n FROM users FINAL WHERE deleted = 0',
  )
  return Number(rows[0]?.n ?? 0)
}

/**
 * Changes an account on its latest stored row, one change at a time per account, so two
 * changes at once (an admin's and the user's own, a name and a spent 2FA code) both stay and
 * a deleted account is not written back. `change` edits the latest row and may return a
 * value; `user` is then brought up to date with what was saved. Undefined when it is gone.
 */
export function updateUser<T>(
  store: Store,
  user: User,
  change: (latest: User) => T | Promise<T>,
  now: number,
): Promise<T | undefined> {
  return lockUser(user.id, async () => {
    const latest = await getUserById(store, user.id)
    if (!latest) return undefined
    const result = await change(latest)
    await saveUser(store, latest, now)
    Object.assign(user, latest)
    return result
  })
}

/** Runs `task` alone among the changes of one account (see updateUser). */
export const lockUser = <T>(id: string, task: () => Promise<T>): Promise<T> =>
  oneAtATime(`user:${id}`, task)

/**
 * Runs `task` alone among the changes that take admin rights away or remove an account, so
 * the check that another admin remains and the change itself are never interleaved: two
 * admins demoting or removing each other at once never leave the instance without one.
 */
export const withAdminChanges = <T>(task: () => Promise<T>): Promise<T> =>
  oneAtATime('admins', task)

/** Whether an account other than `userId` is an instance admin (read inside withAdminChanges). */
export async function hasOtherAdmin(store: Store, userId: string): Promise<boolean> {
  const rows = await store.reader.query<{ n: string | number }>(
    'countOtherAdmins',
    'SELECT count() AS n FROM users FINAL WHERE deleted = 0 AND is_admin = 1 AND id != {id:String}',
    { id: userId },
  )
  return Number(rows[0]?.n ?? 0) > 0
}

/** Writes the whole user row as a new version; a change of an account goes through updateUser. */
export async function saveUser(store: Store, user: User, now: number): Promise<void> {
  await store.writer.insert('users', [
    {
      id: user.id,
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin ? 1 : 0,
      data: JSON.stringify(user.data),
      created_at: user.createdAt,
      updated_at: now,
      deleted: 0,
    },
  ])
}

export async function createUser(
  store: Store,
  input: { email: string; password: string; name?: string; isAdmin: boolean },
  now: number,
): Promise<User> {
  const user: User = {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    name: input.name ?? '',
    isAdmin: input.isAdmin,
    passwordHash: await hashPassword(input.password),
    data: {},
    createdAt: now,
  }
  await saveUser(store, user, now)
  return user
}

/** Sets a new password (already checked for strength by the caller). */
export async function setPassword(
  store: Store,
  user: User,
  password: string,
  now: number,
): Promise<void> {
  const hash = await hashPassword(password)
  await updateUser(store, user, (latest) => void (latest.passwordHash = hash), now)
}

/** Removes an account. Its sessions, keys and site roles are ended by the caller. */
export async function deleteUser(store: Store, user: User, now: number): Promise<void> {
  await lockUser(user.id, () =>
    store.writer.insert('users', [
      {
        id: user.id,
        email: normaliseEmail(user.email),
        name: user.name,
        password_hash: '',
        is_admin: 0,
        data: '{}',
        created_at: user.createdAt,
        updated_at: now,
        deleted: 1,
      },
    ]),
  )
}
