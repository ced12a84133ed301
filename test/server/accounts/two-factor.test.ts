import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN, createTestApp, type TestApp } from '../../helpers/app'
import { addUser, enableTwoFactor, totpCode } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const json = async (res: Response) => (await res.json()) as Record<string, unknown>

describe('two-factor authentication', () => {
  test('setup returns a secret, an otpauth URL and a local SVG QR code', async () => {
    const u = await addUser(t)
    const res = await t.request(
      'POST',
      '/api/account/2fa/setup',
      { password: u.password },
      await u.login(),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { secret: string; otpauthUrl: string; qrDataUrl: string }
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(body.otpauthUrl).toBe(
      `otpauth://totp/Spur:${encodeURIComponent(u.email)}?issuer=Spur&secret=${body.secret}&algorithm=SHA1&digits=6&period=30`,
    )
    expect(body.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(Buffer.from(body.qrDataUrl.split(',')[1] ?? '', 'base64').toString()).toContain('<svg')
  })

  test('setup needs the password again', async () => {
    const u = await addUser(t)
    const res = await t.request(
      'POST',
      '/api/account/2fa/setup',
      { password: 'wrong one!!' },
      await u.login(),
    )
    expect(res.status).toBe(403)
    expect(await json(res)).toMatchObject({ field: 'password' })
  })

  test('a wrong code does not switch 2FA on', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    await t.request('POST', '/api/account/2fa/setup', { password: u.password }, headers)
    const res = await t.request('POST', '/api/account/2fa/enable', { code: '000000' }, headers)
    expect(res.status).toBe(400)
    const me = await json(await t.request('GET', '/api/account', undefined, headers))
    expect(me.twoFactor).toEqual({ enabled: false, recoveryCodesLeft: 0 })
  })

  test('login then needs a TOTP code; a code is accepted once; recovery codes work once', async () => {
    const u = await addUser(t)
    const { secret, recoveryCodes } = await enableTwoFactor(t, await u.login(), u.password)
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)

    const noCode = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
    })
    expect(noCode.status).toBe(401)
    expect(noCode.headers.get('set-cookie')).toBeNull()
    expect(await json(noCode)).toEqual({
      error: 'Enter the code from your authenticator app',
      twoFactorRequired: true,
    })

    // The code used at enrolment is spent; the next time step's code works.
    t.clock.advance(30_000)
    const code = totpCode(secret, t.clock.now())
    const ok = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
      code,
    })
    expect(ok.status).toBe(200)
    const replay = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
      code,
    })
    expect(replay.status).toBe(401)
    expect(await json(replay)).toMatchObject({ twoFactorRequired: true })

    const recovery = recoveryCodes[3] ?? ''
    const withRecovery = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
      code: recovery,
    })
    expect(withRecovery.status).toBe(200)
    const again = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
      code: recovery,
    })
    expect(again.status).toBe(401)
    const headers = await loginWith(u.email, u.password, recoveryCodes[4] ?? '')
    const me = await json(await t.request('GET', '/api/account', undefined, headers))
    expect(me.twoFactor).toEqual({ enabled: true, recoveryCodesLeft: 8 })
  })

  test('one TOTP code sent by two logins at once lets only one of them in', async () => {
    const u = await addUser(t)
    const { secret } = await enableTwoFactor(t, await u.login(), u.password)
    t.clock.advance(30_000)
    const body = { email: u.email, password: u.password, code: totpCode(secret, t.clock.now()) }
    const answers = await Promise.all([
      t.request('POST', '/api/auth/login', body),
      t.request('POST', '/api/auth/login', body),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401])
  })

  test('one recovery code sent by two logins at once lets only one of them in', async () => {
    const u = await addUser(t)
    const { recoveryCodes } = await enableTwoFactor(t, await u.login(), u.password)
    const body = { email: u.email, password: u.password, code: recoveryCodes[0] ?? '' }
    const answers = await Promise.all([
      t.request('POST', '/api/auth/login', body),
      t.request('POST', '/api/auth/login', body),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401])
  })

  test('a wrong password with a right code is still "E-mail or password is wrong"', async () => {
    const u = await addUser(t)
    const { secret } = await enableTwoFactor(t, await u.login(), u.password)
    t.clock.advance(30_000)
    const res = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: 'not the password',
      code: totpCode(secret, t.clock.now()),
    })
    expect(res.status).toBe(401)
    expect(await json(res)).toEqual({ error: 'E-mail or password is wrong' })
  })

  test('turning 2FA off needs password and code', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    const { secret } = await enableTwoFactor(t, headers, u.password)
    const noCode = await t.request(
      'POST',
      '/api/account/2fa/disable',
      { password: u.password },
      headers,
    )
    expect(noCode.status).toBe(403)
    expect(await json(noCode)).toMatchObject({ field: 'code', twoFactorRequired: true })
    t.clock.advance(30_000)
    const off = await t.request(
      'POST',
      '/api/account/2fa/disable',
      { password: u.password, code: totpCode(secret, t.clock.now()) },
      headers,
    )
    expect(off.status).toBe(200)
    expect(
      (await t.request('POST', '/api/auth/login', { email: u.email, password: u.password })).status,
    ).toBe(200)
  })

  test('the instance policy makes accounts without 2FA set it up before anything else', async () => {
    const admin = await t.login()
    // The admin turning the policy on must have 2FA first.
    const refused = await t.request('PUT', '/api/admin/policy', { require2fa: true }, admin)
    expect(refused.status).toBe(409)
    const { secret } = await enableTwoFactor(t, admin, ADMIN.password)
    expect((await t.request('PUT', '/api/admin/policy', { require2fa: true }, admin)).status).toBe(
      200,
    )

    const u = await addUser(t)
    const login = await t.request('POST', '/api/auth/login', {
      email: u.email,
      password: u.password,
    })
    expect(login.status).toBe(200)
    expect(await json(login)).toMatchObject({ twoFactorSetupRequired: true })
    const headers = await u.login()
    const sites = await t.request('GET', '/api/sites', undefined, headers)
    expect(sites.status).toBe(403)
    expect(await json(sites)).toMatchObject({ twoFactorSetupRequired: true })
    await enableTwoFactor(t, headers, u.password)
    expect((await t.request('GET', '/api/sites', undefined, headers)).status).toBe(200)

    t.clock.advance(30_000)
    const adminAgain = await loginWith(ADMIN.email, ADMIN.password, totpCode(secret, t.clock.now()))
    expect(
      (await t.request('PUT', '/api/admin/policy', { require2fa: false }, adminAgain)).status,
    ).toBe(200)
  })
})

async function loginWith(email: string, password: string, code: string) {
  const res = await t.request('POST', '/api/auth/login', { email, password, code })
  if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`)
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    'sec-fetch-site': 'same-origin',
  }
}
