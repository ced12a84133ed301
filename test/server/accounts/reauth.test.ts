import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LINK_LIFETIME_MS } from '../../../server/accounts/one-time-links'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser, enableTwoFactor, totpCode } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

describe('re-authentication', () => {
  test('guessing the password through a stolen session slows down like a login', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    const setup = (password: string) =>
      t.request('POST', '/api/account/2fa/setup', { password }, headers)
    for (let i = 0; i < 5; i += 1) expect((await setup(`guess ${i} xxxxx`)).status).toBe(403)
    expect((await setup('guess 6 xxxxx')).status).toBe(403)
    const blocked = await setup(u.password)
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('30')
    expect(await blocked.json()).toEqual({
      error: 'Too many wrong attempts. Wait 30 seconds before trying again.',
      retryAfter: 30,
    })
    t.clock.advance(30_000)
    expect((await setup(u.password)).status).toBe(200)
  })

  test('a wrong 2FA code counts too, and the right one clears the count', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    const { secret } = await enableTwoFactor(t, headers, u.password)
    const codes = (code: string) =>
      t.request('POST', '/api/account/2fa/recovery-codes', { password: u.password, code }, headers)
    for (let i = 0; i < 6; i += 1) expect((await codes('000000')).status).toBe(403)
    expect((await codes(totpCode(secret, t.clock.now() + 30_000))).status).toBe(429)
    t.clock.advance(60_000)
    expect((await codes(totpCode(secret, t.clock.now()))).status).toBe(200)
  })
})

describe('one-time links expire', () => {
  test('an invitation works for 7 days, a reset link for 24 hours', async () => {
    const admin = await t.login()
    const inv = await t.request('POST', '/api/admin/invites', { email: 'late@example.com' }, admin)
    const inviteToken = ((await inv.json()) as { url: string }).url.split('#')[1] ?? ''
    const u = await addUser(t)
    const reset = await t.request('POST', `/api/admin/users/${u.user.id}/password-reset`, {}, admin)
    const resetToken = ((await reset.json()) as { url: string }).url.split('#')[1] ?? ''

    t.clock.advance(LINK_LIFETIME_MS.password_reset - 1000)
    expect((await t.request('GET', `/api/auth/password-reset/${resetToken}`)).status).toBe(200)
    t.clock.advance(2000)
    expect((await t.request('GET', `/api/auth/password-reset/${resetToken}`)).status).toBe(404)
    expect((await t.request('GET', `/api/invites/${inviteToken}`)).status).toBe(200)
    t.clock.advance(LINK_LIFETIME_MS.invite - LINK_LIFETIME_MS.password_reset)
    const late = await t.request('POST', `/api/invites/${inviteToken}/accept`, {
      password: 'a long enough password',
    })
    expect(late.status).toBe(404)
    expect(await late.json()).toEqual({
      error: 'This link is unknown, used or expired; ask for a new one',
    })
  })
})

describe('one-time links are used once', () => {
  test('an invitation accepted twice at once makes one account', async () => {
    const admin = await t.login()
    const email = 'twice@example.com'
    const inv = await t.request('POST', '/api/admin/invites', { email }, admin)
    const token = ((await inv.json()) as { url: string }).url.split('#')[1] ?? ''
    const accept = (password: string) =>
      t.request('POST', `/api/invites/${token}/accept`, { password })
    const answers = await Promise.all([accept('first password 1'), accept('second password 2')])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 404])
    const users = (await (await t.request('GET', '/api/admin/users', undefined, admin)).json()) as {
      users: Array<{ email: string }>
    }
    expect(users.users.filter((u) => u.email === email)).toHaveLength(1)
  })

  test('a reset link used twice at once sets one password; the other answer is a 404', async () => {
    const admin = await t.login()
    const u = await addUser(t)
    const reset = await t.request('POST', `/api/admin/users/${u.user.id}/password-reset`, {}, admin)
    const token = ((await reset.json()) as { url: string }).url.split('#')[1] ?? ''
    const passwords = ['first new password', 'second new password']
    const answers = await Promise.all(
      passwords.map((password) =>
        t.request('POST', '/api/auth/password-reset', { token, password }),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404])
    const used = passwords[answers.findIndex((r) => r.status === 200)] ?? ''
    const other = passwords.find((p) => p !== used) ?? ''
    const login = (password: string) =>
      t.request('POST', '/api/auth/login', { email: u.email, password }).then((r) => r.status)
    expect([await login(used), await login(other)]).toEqual([200, 401])
  })
})
