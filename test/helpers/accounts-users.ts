import { TOTP, Secret } from 'otpauth'
import { createUser } from '../../server/accounts/users'
import { createSite, setMember, type Role } from '../../server/sites/sites'
import type { TestApp } from './app'

/** A TOTP code for `secret` (base32) at `at` milliseconds. */
export function totpCode(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at,
  })
}

let counter = 0

/** A new user with a password, optionally given a role on a site; returns its login headers. */
export async function addUser(
  t: TestApp,
  options: { email?: string; password?: string; isAdmin?: boolean } = {},
) {
  counter += 1
  const email = options.email ?? `user${counter}-${Date.now()}@example.com`
  const password = options.password ?? 'a long password 123'
  const user = await createUser(
    t.services.deps.store,
    { email, password, isAdmin: options.isAdmin ?? false },
    t.clock.now(),
  )
  return { user, email, password, login: () => t.login(email, password) }
}

/** A new site owned by `ownerId`, with further members. */
export async function addSite(
  t: TestApp,
  ownerId: string,
  members: Array<{ userId: string; role: Role }> = [],
) {
  counter += 1
  const site = await createSite(
    t.services.deps.store,
    { domain: `site${counter}-${Date.now()}.example`, timezone: 'Europe/Berlin', ownerId },
    t.clock.now(),
  )
  for (const m of members)
    await setMember(t.services.deps.store, site.id, m.userId, m.role, t.clock.now())
  return site
}

/** Turns 2FA on for the logged-in user through the API; returns the secret and recovery codes. */
export async function enableTwoFactor(
  t: TestApp,
  headers: Record<string, string>,
  password: string,
) {
  const setup = await t.request('POST', '/api/account/2fa/setup', { password }, headers)
  if (setup.status !== 200) throw new Error(`2fa setup: ${setup.status} ${await setup.text()}`)
  const { secret } = (await setup.json()) as { secret: string }
  const res = await t.request(
    'POST',
    '/api/account/2fa/enable',
    { code: totpCode(secret, t.clock.now()) },
    headers,
  )
  if (res.status !== 200) throw new Error(`2fa enable: ${res.status} ${await res.text()}`)
  const { recoveryCodes } = (await res.json()) as { recoveryCodes: string[] }
  return { secret, recoveryCodes }
}
