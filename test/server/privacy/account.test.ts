import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../../server/accounts/users'
import { getSiteByDomain, setMember } from '../../../server/sites/sites'
import { ADMIN, createTestApp, type TestApp } from '../../helpers/app'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ now: NOW })
})
afterAll(() => t.cleanup())

const store = () => t.services.deps.store
const PASSWORD = 'another good password'

async function userWithSite(email: string, domain: string) {
  const user = await createUser(
    store(),
    { email, password: PASSWORD, name: 'Ada', isAdmin: false },
    NOW,
  )
  const headers = await t.login(email, PASSWORD)
  expect((await t.request('POST', '/api/sites', { domain, timezone: 'UTC' }, headers)).status).toBe(
    201,
  )
  return { user, headers }
}

describe('a dashboard user’s own data', () => {
  test('export: the account, its sites, sessions and actions, without secrets', async () => {
    const { user, headers } = await userWithSite('ada@example.com', 'ada.example')
    const raw = '/api/sites/ada.example/privacy/export?table=events&from=2026-11-01&to=2026-11-02'
    expect((await t.request('GET', raw, undefined, headers)).status).toBe(200)
    const res = await t.request('GET', '/api/account/export', undefined, headers)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="spur-account.json"')
    const text = await res.text()
    const data = JSON.parse(text) as {
      account: Record<string, unknown>
      sites: unknown[]
      sessions: Array<Record<string, unknown>>
      audit: Array<{ action: string; target: string }>
    }
    expect(data.account).toEqual({
      id: user.id,
      email: 'ada@example.com',
      name: 'Ada',
      isAdmin: false,
      createdAt: NOW,
      twoFactorEnabled: false,
    })
    expect(data.sites).toEqual([{ domain: 'ada.example', role: 'owner' }])
    expect(data.sessions).toHaveLength(1)
    expect(Object.keys(data.sessions[0] ?? {})).not.toContain('tokenHash')
    // All at the pinned instant, so compared without their order.
    expect(data.audit.map((a) => `${a.action} ${a.target}`)).toEqual(
      expect.arrayContaining(['export ada.example', 'login ']),
    )
    expect(text).not.toContain(user.passwordHash)
    expect(text).not.toMatch(/passwordHash|password_hash|secret/i)
  })

  test('delete: refused while the only owner of a site, done once another owner exists', async () => {
    const { user, headers } = await userWithSite('bob@example.com', 'bob.example')
    const wrong = await t.request(
      'POST',
      '/api/account/delete',
      { password: 'not it at all' },
      headers,
    )
    expect(wrong.status).toBe(403)
    const sole = await t.request('POST', '/api/account/delete', { password: PASSWORD }, headers)
    expect(sole.status).toBe(409)
    expect(((await sole.json()) as { error: string }).error).toBe(
      'You are the only owner of bob.example: make someone else owner or delete the site first',
    )
    const site = await getSiteByDomain(store(), 'bob.example')
    const other = await createUser(
      store(),
      { email: 'carol@example.com', password: PASSWORD, isAdmin: false },
      NOW,
    )
    await setMember(store(), site?.id ?? 0, other.id, 'owner', NOW + 1)

    const done = await t.request('POST', '/api/account/delete', { password: PASSWORD }, headers)
    expect(done.status).toBe(200)
    expect(done.headers.get('set-cookie')).toMatch(/^spur_session=;/)
    expect((await t.request('GET', '/api/auth/me', undefined, headers)).status).toBe(401)
    expect(
      (await t.request('POST', '/api/auth/login', { email: 'bob@example.com', password: PASSWORD }))
        .status,
    ).toBe(401)
    const members = await store().reader.query<{ user_id: string }>(
      'members',
      'SELECT user_id FROM site_members FINAL WHERE deleted = 0 AND site_id = {site:UInt32}',
      { site: site?.id ?? 0 },
    )
    expect(members.map((m) => m.user_id)).toEqual([other.id])
    const audit = await store().reader.query<{ n: number | string }>(
      'audit',
      "SELECT count() AS n FROM audit_log WHERE action = 'user_removed' AND actor_id = {user:String}",
      { user: user.id },
    )
    expect(Number(audit[0]?.n)).toBe(1)
  })

  test('the last instance administrator cannot delete the account', async () => {
    const headers = await t.login()
    const res = await t.request(
      'POST',
      '/api/account/delete',
      { password: ADMIN.password },
      headers,
    )
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toContain('last instance administrator')
  })
})
