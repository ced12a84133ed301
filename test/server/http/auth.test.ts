import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN, createTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

describe('login', () => {
  test('the admin from ADMIN_EMAIL logs in and gets an HttpOnly session cookie', async () => {
    const res = await t.request('POST', '/api/auth/login', ADMIN)
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^spur_session=[\w-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(await res.json()).toMatchObject({ user: { email: ADMIN.email, isAdmin: true } })
  })

  test.each([
    [{ email: ADMIN.email, password: 'wrong password!' }, 401, 'E-mail or password is wrong'],
    [{ email: 'nobody@example.com', password: 'whatever123' }, 401, 'E-mail or password is wrong'],
    [{ email: ADMIN.email }, 400, 'password: '],
    ['not json', 400, 'Request body must be valid JSON'],
  ])('%j → %i', async (body, status, message) => {
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })

  test('me answers 401 without a session and the user with one', async () => {
    expect((await t.request('GET', '/api/auth/me')).status).toBe(401)
    const headers = await t.login()
    const res = await t.request('GET', '/api/auth/me', undefined, headers)
    expect(res.status).toBe(200)
  })

  test('logout ends the session', async () => {
    const headers = await t.login()
    expect((await t.request('POST', '/api/auth/logout', {}, headers)).status).toBe(200)
    expect((await t.request('GET', '/api/auth/me', undefined, headers)).status).toBe(401)
  })
})

describe('sites', () => {
  test('add a site and get the snippet', async () => {
    const headers = await t.login()
    const res = await t.request(
      'POST',
      '/api/sites',
      { domain: 'https://Shop.Example.de/', timezone: 'Europe/Berlin' },
      headers,
    )
    expect(res.status).toBe(201)
    const { site } = (await res.json()) as { site: { domain: string; snippet: string } }
    expect(site.domain).toBe('shop.example.de')
    expect(site.snippet).toBe(
      '<script defer data-domain="shop.example.de" src="http://localhost/js/script.js"></script>',
    )
    const list = (await (await t.request('GET', '/api/sites', undefined, headers)).json()) as {
      sites: unknown[]
    }
    expect(list.sites).toHaveLength(1)
  })

  test.each([
    [{ domain: 'not a domain', timezone: 'UTC' }, 'domain: must be a domain name'],
    [{ domain: 'ok.example', timezone: 'Mars/Olympus' }, 'timezone: must be an IANA time zone'],
    [{ domain: "x'; DROP TABLE sites; --", timezone: 'UTC' }, 'domain: '],
  ])('rejects %j', async (body, message) => {
    const headers = await t.login()
    const res = await t.request('POST', '/api/sites', body, headers)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })

  test('a cross-site POST with the session cookie is rejected', async () => {
    const headers = await t.login()
    const res = await t.request(
      'POST',
      '/api/sites',
      { domain: 'csrf.example', timezone: 'UTC' },
      {
        cookie: headers.cookie ?? '',
        'sec-fetch-site': 'cross-site',
      },
    )
    expect(res.status).toBe(403)
  })

  test('without a session the API answers 401', async () => {
    expect((await t.request('GET', '/api/sites')).status).toBe(401)
  })
})
