import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN, createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser, enableTwoFactor } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

interface Created {
  key: { id: string; prefix: string; scopes: string[]; sites: string[]; lastUsedAt: number | null }
  secret: string
}

async function newKey(headers: Record<string, string>, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/account/keys', body, headers)
  expect(res.status).toBe(201)
  return (await res.json()) as Created
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

describe('API keys', () => {
  test('a stats key reads its site, and no site outside its scope', async () => {
    const u = await addUser(t)
    const mine = await addSite(t, u.user.id)
    const alsoMine = await addSite(t, u.user.id)
    const someoneElses = await addSite(t, (await addUser(t)).user.id)
    const { key, secret } = await newKey(await u.login(), {
      name: 'Reporting',
      scopes: ['stats:read'],
      sites: [mine.domain],
    })
    expect('secret' in key).toBe(false)
    expect(key.prefix).toBe(secret.slice(0, 12))
    expect(key.sites).toEqual([mine.domain])
    expect(
      (await t.request('GET', `/api/sites/${mine.domain}`, undefined, bearer(secret))).status,
    ).toBe(200)
    for (const other of [alsoMine, someoneElses]) {
      const res = await t.request('GET', `/api/sites/${other.domain}`, undefined, bearer(secret))
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: `No site ${other.domain}` })
    }
  })

  test('a key limited to a site that was deleted reaches no site and is not listed as for all', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const headers = await u.login()
    const { secret } = await newKey(headers, {
      name: 'Gone',
      scopes: ['stats:read'],
      sites: [site.domain],
    })
    await t.services.deps.store.writer.insert('sites', [
      {
        id: site.id,
        domain: site.domain,
        timezone: site.timezone,
        aliases: [],
        settings: '{}',
        created_at: site.createdAt,
        updated_at: t.clock.now() + 1,
        deleted: 1,
      },
    ])
    const list = await t.request('GET', '/api/account/keys', undefined, headers)
    const { keys } = (await list.json()) as { keys: Array<{ sites: string[]; limited: boolean }> }
    expect(keys.map((k) => ({ sites: k.sites, limited: k.limited }))).toEqual([
      { sites: [], limited: true },
    ])
    const other = await addSite(t, u.user.id)
    expect(
      (await t.request('GET', `/api/sites/${other.domain}`, undefined, bearer(secret))).status,
    ).toBe(404)
  })

  test('a stats key lists the sites it reads, as a viewer', async () => {
    const u = await addUser(t)
    const mine = await addSite(t, u.user.id)
    await addSite(t, u.user.id)
    const { secret } = await newKey(await u.login(), {
      name: 'list',
      scopes: ['stats:read'],
      sites: [mine.domain],
    })
    const res = await t.request('GET', '/api/sites', undefined, bearer(secret))
    expect(res.status).toBe(200)
    const { sites } = (await res.json()) as { sites: Array<{ domain: string; role: string }> }
    expect(sites.map((s) => [s.domain, s.role])).toEqual([[mine.domain, 'viewer']])
  })

  test('a stats key cannot change anything', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const { secret } = await newKey(await u.login(), {
      name: 'r',
      scopes: ['stats:read'],
      sites: [],
    })
    const patch = await t.request(
      'PATCH',
      `/api/sites/${site.domain}`,
      { timezone: 'UTC' },
      bearer(secret),
    )
    expect(patch.status).toBe(403)
    const create = await t.request(
      'POST',
      '/api/sites',
      { domain: 'new.example', timezone: 'UTC' },
      bearer(secret),
    )
    expect(create.status).toBe(403)
    expect(await create.json()).toEqual({ error: 'This API key may only read stats' })
    // Nor reach the account or admin endpoints.
    expect((await t.request('GET', '/api/account/keys', undefined, bearer(secret))).status).toBe(
      401,
    )
  })

  test('a managing key changes settings without a cookie or CSRF step, from anywhere', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const { secret } = await newKey(await u.login(), {
      name: 'ci',
      scopes: ['stats:read', 'sites:manage'],
      sites: [site.domain],
    })
    const res = await t.request(
      'PATCH',
      `/api/sites/${site.domain}`,
      { timezone: 'UTC' },
      { ...bearer(secret), origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
    )
    expect(res.status).toBe(200)
    expect(((await res.json()) as { site: { timezone: string } }).site.timezone).toBe('UTC')
  })

  test('a managing key limited to named sites cannot add a site; one for all sites can', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const headers = await u.login()
    const limited = await newKey(headers, {
      name: 'one site',
      scopes: ['stats:read', 'sites:manage'],
      sites: [site.domain],
    })
    const refused = await t.request(
      'POST',
      '/api/sites',
      { domain: 'from-limited-key.example' },
      bearer(limited.secret),
    )
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({
      error: 'This API key is limited to named sites and cannot add sites',
    })
    const listed = await t.request('GET', '/api/sites', undefined, headers)
    const domains = ((await listed.json()) as { sites: Array<{ domain: string }> }).sites.map(
      (s) => s.domain,
    )
    expect(domains).toEqual([site.domain])
    const all = await newKey(headers, { name: 'all sites', scopes: ['sites:manage'] })
    const added = await t.request(
      'POST',
      '/api/sites',
      { domain: 'from-full-key.example' },
      bearer(all.secret),
    )
    expect(added.status).toBe(201)
  })

  test('a managing key reaches no account endpoint and no instance administration', async () => {
    const u = await addUser(t, { isAdmin: true })
    const { secret } = await newKey(await u.login(), {
      name: 'ops',
      scopes: ['stats:read', 'sites:manage'],
      sites: [],
    })
    const attempts: Array<[string, string, unknown]> = [
      ['GET', '/api/account/export', undefined],
      ['POST', '/api/account/delete', { password: u.password }],
      ['GET', '/api/privacy/backups', undefined],
      ['POST', '/api/privacy/backups', {}],
    ]
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, body, bearer(secret))
      expect([method, path, res.status]).toEqual([method, path, 401])
    }
    expect((await t.request('GET', '/api/sites', undefined, bearer(secret))).status).toBe(200)
    await u.login()
  })

  test('a managing key cannot hand out roles or invitations, read the audit or delete data', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const viewer = await addUser(t)
    const { secret } = await newKey(await u.login(), {
      name: 'ci',
      scopes: ['stats:read', 'sites:manage'],
      sites: [site.domain],
    })
    const base = `/api/sites/${site.domain}`
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `${base}/members`, undefined],
      ['POST', `${base}/members`, { email: 'outsider@example.com', role: 'owner' }],
      ['POST', `${base}/members`, { email: viewer.email, role: 'owner' }],
      ['GET', `${base}/audit`, undefined],
      ['GET', `${base}/deletions`, undefined],
      ['POST', `${base}/deletions`, { kind: 'site', password: u.password }],
    ]
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, body, bearer(secret))
      expect([method, path, res.status]).toEqual([method, path, 401])
    }
    const members = (await (
      await t.request('GET', `${base}/members`, undefined, await u.login())
    ).json()) as { members: unknown[]; invites: unknown[] }
    expect([members.members.length, members.invites.length]).toEqual([1, 0])
  })

  test('a key cannot name a site its owner cannot manage', async () => {
    const u = await addUser(t)
    const owner = await addUser(t)
    const viewed = await addSite(t, owner.user.id, [{ userId: u.user.id, role: 'viewer' }])
    const headers = await u.login()
    const res = await t.request(
      'POST',
      '/api/account/keys',
      { name: 'x', scopes: ['sites:manage'], sites: [viewed.domain] },
      headers,
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: `sites: no site ${viewed.domain} you may give a key for`,
      field: 'sites',
    })
    const read = await t.request(
      'POST',
      '/api/account/keys',
      { name: 'x', scopes: ['stats:read'], sites: [viewed.domain] },
      headers,
    )
    expect(read.status).toBe(201)
  })

  test('the key is stored hashed, shows its last use, and stops at once when revoked', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const headers = await u.login()
    const { key, secret } = await newKey(headers, {
      name: 'temp',
      scopes: ['stats:read'],
      sites: [],
    })
    const stored = await t.services.deps.store.reader.query<Record<string, unknown>>(
      'test',
      'SELECT * FROM api_keys WHERE id = {id:String}',
      { id: key.id },
    )
    expect(JSON.stringify(stored)).not.toContain(secret)
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12))

    await t.request('GET', `/api/sites/${site.domain}`, undefined, bearer(secret))
    const list = (await (
      await t.request('GET', '/api/account/keys', undefined, headers)
    ).json()) as {
      keys: Array<{ id: string; lastUsedAt: number | null }>
    }
    expect(list.keys.find((k) => k.id === key.id)?.lastUsedAt).toBe(t.clock.now())

    expect(
      (await t.request('DELETE', `/api/account/keys/${key.id}`, undefined, headers)).status,
    ).toBe(200)
    const after = await t.request('GET', `/api/sites/${site.domain}`, undefined, bearer(secret))
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual({ error: 'The API key is unknown or was revoked' })
  })

  test('each key has its own rate limit', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const headers = await u.login()
    const { secret } = await newKey(headers, {
      name: 'slow',
      scopes: ['stats:read'],
      sites: [],
      rateLimit: 3,
    })
    const { secret: other } = await newKey(headers, {
      name: 'other',
      scopes: ['stats:read'],
      sites: [],
      rateLimit: 3,
    })
    const get = (s: string) => t.request('GET', `/api/sites/${site.domain}`, undefined, bearer(s))
    expect([
      (await get(secret)).status,
      (await get(secret)).status,
      (await get(secret)).status,
    ]).toEqual([200, 200, 200])
    const limited = await get(secret)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('20')
    expect((await get(other)).status).toBe(200)
    t.clock.advance(20_000)
    expect((await get(secret)).status).toBe(200)
  })

  test.each([
    ['Bearer spur_nonsense'],
    ['Bearer '],
    ['Basic dXNlcjpwYXNz'],
    ["Bearer spur_' OR 1=1 --"],
  ])('Authorization %j is refused', async (header) => {
    const res = await t.request('GET', '/api/sites', undefined, { authorization: header })
    expect(res.status).toBe(401)
  })

  test('basic auth of a reverse proxy in front does not get in the way of the session', async () => {
    const u = await addUser(t)
    const headers = { ...(await u.login()), authorization: 'Basic dXNlcjpwYXNz' }
    expect((await t.request('GET', '/api/sites', undefined, headers)).status).toBe(200)
  })

  test('while the instance requires 2FA, the keys of an account without it stop too', async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const { secret } = await newKey(await u.login(), {
      name: 'before the policy',
      scopes: ['stats:read', 'sites:manage'],
      sites: [],
    })
    const admin = await t.login()
    await enableTwoFactor(t, admin, ADMIN.password)
    expect((await t.request('PUT', '/api/admin/policy', { require2fa: true }, admin)).status).toBe(
      200,
    )
    const read = await t.request('GET', `/api/sites/${site.domain}`, undefined, bearer(secret))
    expect(read.status).toBe(403)
    expect(await read.json()).toMatchObject({ twoFactorSetupRequired: true })
    const change = await t.request(
      'PATCH',
      `/api/sites/${site.domain}`,
      { timezone: 'UTC' },
      bearer(secret),
    )
    expect(change.status).toBe(403)
    expect((await t.request('PUT', '/api/admin/policy', { require2fa: false }, admin)).status).toBe(
      200,
    )
    expect(
      (await t.request('GET', `/api/sites/${site.domain}`, undefined, bearer(secret))).status,
    ).toBe(200)
  })
})
