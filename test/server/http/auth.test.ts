import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../../../server/http/app'
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
      '<script defer data-domain="shop.example.de" src="http://localhost/js/script.js?d=shop.example.de"></script>',
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

describe('CSRF: state changes with the session cookie come only from the dashboard', () => {
  const form = (headers: Record<string, string>) =>
    t.app.request('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: 'domain=csrf-form.example&timezone=UTC',
    })

  test.each([
    ['a cross-site form post', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    [
      'a post from a sibling subdomain',
      { origin: 'https://x.localhost', 'sec-fetch-site': 'same-site' },
    ],
    ['an old browser posting from another origin', { origin: 'https://evil.example' }],
    ['a request with neither Origin nor Sec-Fetch-Site', {}],
    ['Origin "null" from a sandboxed frame', { origin: 'null' }],
  ])('%s is rejected with 403 and changes nothing', async (_name, headers) => {
    const { cookie } = await t.login()
    const res = await form({ cookie: cookie ?? '', ...headers })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({
      error: 'Cross-site request rejected: send it from the dashboard',
    })
    const list = (await (
      await t.request('GET', '/api/sites', undefined, { cookie: cookie ?? '' })
    ).json()) as {
      sites: Array<{ domain: string }>
    }
    expect(list.sites.map((s) => s.domain)).not.toContain('csrf-form.example')
  })

  test.each([
    ['a cross-site form post', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['an old browser posting from another origin', { origin: 'https://evil.example' }],
    ['a sandboxed frame', { origin: 'null' }],
  ])(
    'a login without the cookie from %s is rejected (no login into an account of another’s choosing)',
    async (_name, headers) => {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...headers },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      })
      expect(res.status).toBe(403)
      expect(res.headers.get('set-cookie')).toBeNull()
    },
  )

  test('a login from the dashboard itself, or from a client that is not a browser, works', async () => {
    const cases: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost' },
      {},
    ]
    for (const headers of cases) {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('set-cookie')).toContain('spur_session')
    }
  })

  test('a cross-site logout is rejected too (no forced logout)', async () => {
    const { cookie } = await t.login()
    const res = await t.request(
      'POST',
      '/api/auth/logout',
      {},
      { cookie: cookie ?? '', 'sec-fetch-site': 'cross-site' },
    )
    expect(res.status).toBe(403)
    expect(
      (await t.request('GET', '/api/auth/me', undefined, { cookie: cookie ?? '' })).status,
    ).toBe(200)
  })

  test('an older browser sending only Origin of the dashboard itself is accepted', async () => {
    const { cookie } = await t.login()
    const res = await t.request(
      'POST',
      '/api/sites',
      { domain: 'origin-only.example', timezone: 'UTC' },
      { cookie: cookie ?? '', origin: 'http://localhost' },
    )
    expect(res.status).toBe(201)
  })

  test.each([
    ['with capitals', 'https://Stats.Example.com'],
    ['with the default port', 'https://stats.example.com:443'],
  ])(
    'the Origin of the dashboard is accepted when BASE_URL is written %s',
    async (_name, baseUrl) => {
      const deps = t.services.deps
      const app = createApp(
        { ...deps, config: { ...deps.config, BASE_URL: baseUrl } },
        t.services.setup,
      )
      const { cookie } = await t.login()
      const res = await app.request('https://stats.example.com/api/account', {
        method: 'PATCH',
        headers: {
          'content-type': 'application/json',
          cookie: cookie ?? '',
          origin: 'https://stats.example.com',
        },
        body: JSON.stringify({ name: 'Owner' }),
      })
      expect(res.status).toBe(200)
    },
  )

  test('reading (GET) needs no CSRF step', async () => {
    const { cookie } = await t.login()
    const res = await t.request('GET', '/api/sites', undefined, {
      cookie: cookie ?? '',
      'sec-fetch-site': 'cross-site',
    })
    expect(res.status).toBe(200)
  })
})

describe('security headers', () => {
  test('API answers carry CSP without inline scripts, nosniff, a strict Referrer-Policy', async () => {
    const res = await t.request('GET', '/api/auth/me')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('HTTPS', () => {
  test('HSTS is sent over HTTPS only', async () => {
    const res = await t.app.request('https://stats.example.com/api/auth/me')
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
  })
})
