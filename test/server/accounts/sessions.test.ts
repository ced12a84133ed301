import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../server/accounts/sessions'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const me = async (headers: Record<string, string>) =>
  (await t.request('GET', '/api/auth/me', undefined, headers)).status

describe('sessions', () => {
  test('a session id planted before login is not accepted after it', async () => {
    const u = await addUser(t)
    // An attacker's own live session, planted in the victim's browser.
    const planted = await u.login()
    const res = await t.request(
      'POST',
      '/api/auth/login',
      { email: u.email, password: u.password },
      planted,
    )
    expect(res.status).toBe(200)
    const fresh = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    expect(fresh).not.toBe(planted.cookie)
    expect(await me(planted)).toBe(401)
    expect(await me({ cookie: fresh })).toBe(200)
  })

  test('an invented session id is never accepted', async () => {
    expect(await me({ cookie: 'spur_session=' + 'A'.repeat(43) })).toBe(401)
  })

  test('the cookie is Secure when the dashboard is served over HTTPS', async () => {
    const u = await addUser(t)
    const res = await t.app.request('https://stats.example.com/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    })
    expect(res.headers.get('set-cookie')).toMatch(
      /^spur_session=[\w-]{43}; Max-Age=1209600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
  })

  test('idle expiry: a session unused for the idle time ends; use keeps it alive', async () => {
    const u = await addUser(t)
    const idle = await u.login()
    const used = await u.login()
    t.clock.advance(SESSION_IDLE_MS - 60_000)
    expect(await me(used)).toBe(200)
    t.clock.advance(120_000)
    expect(await me(idle)).toBe(401)
    expect(await me(used)).toBe(200)
  })

  test('absolute expiry: a session ends after 14 days however much it is used', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    for (let day = 0; day < 13; day += 1) {
      t.clock.advance(24 * 3600_000)
      expect(await me(headers)).toBe(200)
    }
    t.clock.advance(SESSION_ABSOLUTE_MS - 13 * 24 * 3600_000)
    expect(await me(headers)).toBe(401)
  })

  test('list sessions and log out everywhere else', async () => {
    const u = await addUser(t)
    const a = await u.login()
    const b = await u.login()
    const current = await t.login(u.email, u.password)
    const list = (await (
      await t.request('GET', '/api/account/sessions', undefined, current)
    ).json()) as {
      sessions: Array<{ id: string; current: boolean }>
    }
    expect(list.sessions).toHaveLength(3)
    expect(list.sessions.filter((s) => s.current)).toHaveLength(1)
    const res = await t.request('POST', '/api/account/sessions/revoke-others', {}, current)
    expect(await res.json()).toEqual({ ended: 2 })
    expect([await me(a), await me(b), await me(current)]).toEqual([401, 401, 200])
  })

  test('end one session by id', async () => {
    const u = await addUser(t)
    const other = await u.login()
    const current = await u.login()
    const list = (await (
      await t.request('GET', '/api/account/sessions', undefined, current)
    ).json()) as {
      sessions: Array<{ id: string; current: boolean }>
    }
    const target = list.sessions.find((s) => !s.current)
    expect(
      (await t.request('DELETE', `/api/account/sessions/${target?.id}`, undefined, current)).status,
    ).toBe(200)
    expect(await me(other)).toBe(401)
    expect(await me(current)).toBe(200)
    expect(
      (await t.request('DELETE', '/api/account/sessions/0000000000000000', undefined, current))
        .status,
    ).toBe(404)
  })

  test('changing the password ends the other sessions and needs the current password', async () => {
    const u = await addUser(t)
    const other = await u.login()
    const current = await u.login()
    const wrong = await t.request(
      'POST',
      '/api/account/password',
      { currentPassword: 'not it at all', newPassword: 'a brand new password' },
      current,
    )
    expect(wrong.status).toBe(403)
    expect(await wrong.json()).toEqual({
      error: 'currentPassword: the password is wrong',
      field: 'currentPassword',
    })
    const short = await t.request(
      'POST',
      '/api/account/password',
      { currentPassword: u.password, newPassword: 'short' },
      current,
    )
    expect(short.status).toBe(400)
    const ok = await t.request(
      'POST',
      '/api/account/password',
      { currentPassword: u.password, newPassword: 'a brand new password' },
      current,
    )
    expect(await ok.json()).toEqual({ ok: true, sessionsEnded: 1 })
    expect([await me(other), await me(current)]).toEqual([401, 200])
    expect(
      (await t.request('POST', '/api/auth/login', { email: u.email, password: u.password })).status,
    ).toBe(401)
    expect(
      (
        await t.request('POST', '/api/auth/login', {
          email: u.email,
          password: 'a brand new password',
        })
      ).status,
    ).toBe(200)
  })

  test('the session list shows a device label, never the User-Agent string', async () => {
    const u = await addUser(t)
    const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
    const res = await t.request(
      'POST',
      '/api/auth/login',
      { email: u.email, password: u.password },
      { 'user-agent': ua },
    )
    const headers = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' }
    const list = (await (
      await t.request('GET', '/api/account/sessions', undefined, headers)
    ).json()) as {
      sessions: Array<{ label: string }>
    }
    expect(list.sessions.map((s) => s.label)).toEqual(['Firefox on Linux'])
    const stored = await t.services.deps.store.reader.query<{ n: string | number }>(
      'test',
      "SELECT count() AS n FROM auth_sessions WHERE label LIKE '%Mozilla%' OR label LIKE '%Gecko%'",
    )
    expect(Number(stored[0]?.n)).toBe(0)
  })
})
