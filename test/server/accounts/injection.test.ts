import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser } from '../../helpers/accounts-users'

let t: TestApp
let admin: Record<string, string>
let domain: string
let memberId: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login()
  const owner = (
    await t.services.deps.store.reader.query<{ id: string }>('test', 'SELECT id FROM users FINAL')
  )[0]
  const site = await addSite(t, owner?.id ?? '')
  domain = site.domain
  const member = await addUser(t)
  memberId = member.user.id
  await t.request(
    'POST',
    `/api/sites/${domain}/members`,
    { email: member.email, role: 'viewer' },
    admin,
  )
})
afterAll(() => t.cleanup())

const PAYLOADS = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "x') UNION SELECT password_hash FROM users --",
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '../../../etc/passwd',
  'a\u0000b',
  '{site:UInt32}',
]

const TABLES = [
  'users',
  'sites',
  'site_members',
  'api_keys',
  'account_tokens',
  'scheduled_deletions',
  'instance_settings',
  'auth_sessions',
]

async function snapshot() {
  const out: Record<string, string> = {}
  for (const table of TABLES) {
    const rows = await t.services.deps.store.reader.query<Record<string, unknown>>(
      'test',
      `SELECT * FROM ${table} FINAL ORDER BY tuple(*)`,
    )
    out[table] = JSON.stringify(rows)
  }
  return out
}

type Case = [string, string, (p: string) => unknown]

const cases = (): Case[] => [
  ['POST', '/api/account/keys', (p) => ({ name: 'k', scopes: [p], sites: [] })],
  ['POST', '/api/account/keys', (p) => ({ name: 'k', scopes: ['stats:read'], sites: [p] })],
  ['POST', '/api/account/keys', (p) => ({ name: 'k', scopes: ['stats:read'], rateLimit: p })],
  ['POST', '/api/admin/invites', (p) => ({ email: p })],
  ['POST', '/api/admin/invites', (p) => ({ email: 'a@example.com', isAdmin: p })],
  [
    'POST',
    '/api/admin/invites',
    (p) => ({ email: 'a@example.com', sites: [{ domain: p, role: 'viewer' }] }),
  ],
  ['POST', '/api/admin/invites', (p) => ({ email: 'a@example.com', sites: [{ domain, role: p }] })],
  ['PUT', '/api/admin/policy', (p) => ({ require2fa: p })],
  ['PATCH', `/api/admin/users/{member}`, (p) => ({ isAdmin: p })],
  ['POST', `/api/sites/{domain}/members`, (p) => ({ email: p, role: 'viewer' })],
  ['POST', `/api/sites/{domain}/members`, (p) => ({ email: 'b@example.com', role: p })],
  ['PATCH', `/api/sites/{domain}/members/{member}`, (p) => ({ role: p })],
  ['POST', `/api/sites/{domain}/deletions`, (p) => ({ kind: p, password: 'x' })],
  [
    'POST',
    `/api/sites/{domain}/deletions`,
    (p) => ({ kind: 'range', from: p, to: '2026-01-01', password: 'x' }),
  ],
  [
    'POST',
    `/api/sites/{domain}/deletions`,
    (p) => ({ kind: 'range', from: '2026-01-01', to: p, password: 'x' }),
  ],
  [
    'POST',
    `/api/sites/{domain}/deletions`,
    (p) => ({ kind: 'retention', retentionMonths: p, password: 'x' }),
  ],
  ['POST', '/api/account/2fa/enable', (p) => ({ code: p })],
  ['PATCH', '/api/account', (p) => ({ name: [p] })],
]

describe('injection strings in every API field get 400 and change nothing', () => {
  test.each(PAYLOADS)('%j', async (payload) => {
    const before = await snapshot()
    for (const [method, template, body] of cases()) {
      const path = template.replace('{domain}', domain).replace('{member}', memberId)
      const res = await t.request(method, path, body(payload), admin)
      expect([method, template, res.status]).toEqual([method, template, 400])
    }
    for (const path of [
      `/api/admin/audit?action=${encodeURIComponent(payload)}`,
      `/api/admin/audit?before=${encodeURIComponent(payload)}`,
      `/api/sites/${domain}/audit?limit=${encodeURIComponent(payload)}`,
    ]) {
      const res = await t.request('GET', path, undefined, admin)
      expect([path, res.status]).toEqual([path, 400])
    }
    expect(await snapshot()).toEqual(before)
  })

  test.each(PAYLOADS)('%j in ids and tokens of the path answers 404', async (payload) => {
    const before = await snapshot()
    const id = encodeURIComponent(payload)
    for (const [method, path] of [
      ['DELETE', `/api/account/keys/${id}`],
      ['DELETE', `/api/account/sessions/${id}`],
      ['DELETE', `/api/admin/users/${id}`],
      ['DELETE', `/api/admin/invites/${id}`],
      ['DELETE', `/api/sites/${domain}/members/${id}`],
      ['DELETE', `/api/sites/${domain}/deletions/${id}`],
      ['GET', `/api/invites/${id}`],
      ['GET', `/api/auth/password-reset/${id}`],
      ['GET', `/api/sites/${id}`],
    ] as const) {
      const res = await t.request(method, path, undefined, admin)
      expect([path, res.status]).toEqual([path, 404])
    }
    expect(await snapshot()).toEqual(before)
  })

  test('free text (a name) is kept verbatim as text, never run', async () => {
    const name = "Robert'); DROP TABLE users; -- <img src=x onerror=alert(1)>"
    const res = await t.request('PATCH', '/api/account', { name }, admin)
    expect(res.status).toBe(200)
    const me = (await (await t.request('GET', '/api/account', undefined, admin)).json()) as {
      user: { name: string }
    }
    expect(me.user.name).toBe(name)
    expect((await t.request('GET', '/api/admin/users', undefined, admin)).status).toBe(200)
  })
})
