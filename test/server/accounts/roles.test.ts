import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

async function siteWithTeam() {
  const owner = await addUser(t)
  const admin = await addUser(t)
  const viewer = await addUser(t)
  const site = await addSite(t, owner.user.id, [
    { userId: admin.user.id, role: 'admin' },
    { userId: viewer.user.id, role: 'viewer' },
  ])
  return { owner, admin, viewer, site }
}

describe('roles', () => {
  test('a viewer sees the site but every attempt to change it gets 403', async () => {
    const { viewer, site, owner } = await siteWithTeam()
    const h = await viewer.login()
    expect((await t.request('GET', `/api/sites/${site.domain}`, undefined, h)).status).toBe(200)
    const attempts: Array<[string, string, unknown]> = [
      ['PATCH', `/api/sites/${site.domain}`, { timezone: 'UTC' }],
      ['PATCH', `/api/sites/${site.domain}`, { settings: { retentionMonths: 1 } }],
      ['POST', `/api/sites/${site.domain}/members`, { email: 'x@example.com', role: 'viewer' }],
      ['PATCH', `/api/sites/${site.domain}/members/${owner.user.id}`, { role: 'viewer' }],
      ['DELETE', `/api/sites/${site.domain}/members/${owner.user.id}`, undefined],
      [
        'POST',
        `/api/sites/${site.domain}/deletions`,
        { kind: 'site_data', password: viewer.password },
      ],
      ['GET', `/api/sites/${site.domain}/members`, undefined],
      ['GET', `/api/sites/${site.domain}/audit`, undefined],
    ]
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, body, h)
      expect([method, path, res.status]).toEqual([method, path, 403])
    }
    const after = (await (
      await t.request('GET', `/api/sites/${site.domain}`, undefined, h)
    ).json()) as {
      site: { timezone: string; settings: { retentionMonths: number } }
    }
    expect(after.site.timezone).toBe('Europe/Berlin')
    expect(after.site.settings.retentionMonths).toBe(25)
  })

  test('a viewer and a site admin cannot reach instance administration', async () => {
    const { viewer, admin } = await siteWithTeam()
    for (const u of [viewer, admin]) {
      const h = await u.login()
      for (const [m, p] of [
        ['GET', '/api/admin/users'],
        ['GET', '/api/admin/audit'],
        ['PUT', '/api/admin/policy'],
        ['POST', '/api/admin/invites'],
      ] as const) {
        const res = await t.request(m, p, m === 'GET' ? undefined : {}, h)
        expect(res.status).toBe(403)
      }
    }
  })

  test('a site admin manages viewers but not owners', async () => {
    const { admin, viewer, owner, site } = await siteWithTeam()
    const h = await admin.login()
    const path = (id: string) => `/api/sites/${site.domain}/members/${id}`
    expect((await t.request('PATCH', path(viewer.user.id), { role: 'admin' }, h)).status).toBe(200)
    expect((await t.request('PATCH', path(viewer.user.id), { role: 'owner' }, h)).status).toBe(403)
    expect((await t.request('PATCH', path(owner.user.id), { role: 'viewer' }, h)).status).toBe(403)
    expect((await t.request('DELETE', path(owner.user.id), undefined, h)).status).toBe(403)
    const list = (await (
      await t.request('GET', `/api/sites/${site.domain}/members`, undefined, h)
    ).json()) as {
      members: Array<{ email: string; role: string }>
    }
    expect(list.members.map((m) => [m.email, m.role]).sort()).toEqual(
      [
        [owner.email, 'owner'],
        [admin.email, 'admin'],
        [viewer.email, 'admin'],
      ].sort(),
    )
  })

  test('the last owner cannot step down; with a second owner they can', async () => {
    const { owner, admin, site } = await siteWithTeam()
    const h = await owner.login()
    const path = (id: string) => `/api/sites/${site.domain}/members/${id}`
    const res = await t.request('PATCH', path(owner.user.id), { role: 'admin' }, h)
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: 'A site needs at least one owner' })
    expect((await t.request('PATCH', path(admin.user.id), { role: 'owner' }, h)).status).toBe(200)
    expect((await t.request('PATCH', path(owner.user.id), { role: 'admin' }, h)).status).toBe(200)
  })

  test('two owners removing each other at once: one stays owner, the other is refused', async () => {
    const a = await addUser(t)
    const b = await addUser(t)
    const site = await addSite(t, a.user.id, [{ userId: b.user.id, role: 'owner' }])
    const [ha, hb] = [await a.login(), await b.login()]
    const path = (id: string) => `/api/sites/${site.domain}/members/${id}`
    const answers = await Promise.all([
      t.request('DELETE', path(b.user.id), undefined, ha),
      t.request('PATCH', path(a.user.id), { role: 'viewer' }, hb),
    ])
    // Whichever runs second finds its actor demoted (403) or removed (404).
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s !== 200)).toEqual([expect.toBeOneOf([403, 404])])
    const admin = await t.login()
    const list = await t.request('GET', `/api/sites/${site.domain}/members`, undefined, admin)
    const { members } = (await list.json()) as { members: Array<{ role: string }> }
    expect(members.filter((m) => m.role === 'owner')).toHaveLength(1)
  })

  test('adding a member: an existing account directly, a new e-mail by invitation link', async () => {
    const { owner, site } = await siteWithTeam()
    const existing = await addUser(t)
    const h = await owner.login()
    const direct = await t.request(
      'POST',
      `/api/sites/${site.domain}/members`,
      { email: existing.email, role: 'viewer' },
      h,
    )
    expect(await direct.json()).toEqual({ added: true })
    expect(
      (await t.request('GET', `/api/sites/${site.domain}`, undefined, await existing.login()))
        .status,
    ).toBe(200)

    const email = `new-${Date.now()}@example.com`
    const invited = await t.request(
      'POST',
      `/api/sites/${site.domain}/members`,
      { email, role: 'viewer' },
      h,
    )
    expect(invited.status).toBe(201)
    const { url } = (await invited.json()) as { url: string }
    expect(url).toMatch(/^http:\/\/localhost\/invite#[\w-]{32}$/)
    const token = url.split('#')[1] ?? ''
    const info = await t.request('GET', `/api/invites/${token}`)
    expect(await info.json()).toMatchObject({
      invite: { email, isAdmin: false, sites: [{ domain: site.domain, role: 'viewer' }] },
    })
    const weak = await t.request('POST', `/api/invites/${token}/accept`, { password: 'short' })
    expect(weak.status).toBe(400)
    const accepted = await t.request('POST', `/api/invites/${token}/accept`, {
      name: 'Neu',
      password: 'a good long password',
    })
    expect(accepted.status).toBe(201)
    expect(accepted.headers.get('set-cookie')).toMatch(/^spur_session=/)
    const again = await t.request('POST', `/api/invites/${token}/accept`, {
      password: 'a good long password',
    })
    expect(again.status).toBe(404)
    const newcomer = await t.login(email, 'a good long password')
    const sites = (await (await t.request('GET', '/api/sites', undefined, newcomer)).json()) as {
      sites: Array<{ domain: string; role: string }>
    }
    expect(sites.sites.map((s) => [s.domain, s.role])).toEqual([[site.domain, 'viewer']])
  })

  test('instance admin: invite an admin, reset a password by link, remove a user', async () => {
    const admin = await t.login()
    const email = `colleague-${Date.now()}@example.com`
    const inv = await t.request('POST', '/api/admin/invites', { email, isAdmin: true }, admin)
    t.clock.advance(1000)
    expect(inv.status).toBe(201)
    const token = ((await inv.json()) as { url: string }).url.split('#')[1] ?? ''
    await t.request('POST', `/api/invites/${token}/accept`, { password: 'colleague password' })
    t.clock.advance(1000)
    const users = (await (await t.request('GET', '/api/admin/users', undefined, admin)).json()) as {
      users: Array<{ id: string; email: string; isAdmin: boolean }>
    }
    const colleague = users.users.find((u) => u.email === email)
    expect(colleague?.isAdmin).toBe(true)
    const colleagueSession = await t.login(email, 'colleague password')
    t.clock.advance(1000)

    const reset = await t.request(
      'POST',
      `/api/admin/users/${colleague?.id}/password-reset`,
      {},
      admin,
    )
    t.clock.advance(1000)
    const resetToken = ((await reset.json()) as { url: string }).url.split('#')[1] ?? ''
    expect((await t.request('GET', `/api/auth/password-reset/${resetToken}`)).status).toBe(200)
    const done = await t.request('POST', '/api/auth/password-reset', {
      token: resetToken,
      password: 'fresh password 42',
    })
    t.clock.advance(1000)
    expect(done.status).toBe(200)
    expect((await t.request('GET', '/api/auth/me', undefined, colleagueSession)).status).toBe(401)
    expect(
      (
        await t.request('POST', '/api/auth/password-reset', {
          token: resetToken,
          password: 'other password 42',
        })
      ).status,
    ).toBe(404)
    await t.login(email, 'fresh password 42')
    t.clock.advance(1000)

    expect(
      (await t.request('DELETE', `/api/admin/users/${colleague?.id}`, undefined, admin)).status,
    ).toBe(200)
    expect(
      (await t.request('POST', '/api/auth/login', { email, password: 'fresh password 42' })).status,
    ).toBe(401)

    const audit = (await (
      await t.request('GET', '/api/admin/audit?limit=200', undefined, admin)
    ).json()) as {
      entries: Array<{ action: string; target: string; actorEmail: string }>
    }
    const mine = audit.entries
      .filter((e) => e.target === email || e.actorEmail === email)
      .map((e) => e.action)
    expect(mine).toEqual([
      'user_removed',
      'login',
      'password_reset',
      'password_reset_link_created',
      'login',
      'invite_accepted',
      'invite_created',
    ])
  })

  test('an instance admin cannot remove the only owner of a site', async () => {
    const admin = await t.login()
    const { owner, site } = await siteWithTeam()
    const refused = await t.request('DELETE', `/api/admin/users/${owner.user.id}`, undefined, admin)
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: string }).error).toContain(site.domain)
    await owner.login()
    const members = (await (
      await t.request('GET', `/api/sites/${site.domain}/members`, undefined, admin)
    ).json()) as { members: Array<{ userId: string; role: string }> }
    expect(members.members.find((m) => m.userId === owner.user.id)?.role).toBe('owner')

    const second = await addUser(t)
    t.clock.advance(1000)
    await t.request(
      'POST',
      `/api/sites/${site.domain}/members`,
      { email: second.email, role: 'owner' },
      admin,
    )
    t.clock.advance(1000)
    expect(
      (await t.request('DELETE', `/api/admin/users/${owner.user.id}`, undefined, admin)).status,
    ).toBe(200)
  })

  test('an invitation finds its sites by domain as typed, in capitals or as a URL', async () => {
    const admin = await t.login()
    const site = await addSite(t, (await addUser(t)).user.id)
    const res = await t.request(
      'POST',
      '/api/admin/invites',
      {
        email: `caps-${site.id}@example.com`,
        sites: [{ domain: `https://${site.domain.toUpperCase()}/`, role: 'viewer' }],
      },
      admin,
    )
    expect(res.status).toBe(201)
    const { invite } = (await res.json()) as { invite: { sites: unknown[] } }
    expect(invite.sites).toEqual([{ domain: site.domain, role: 'viewer' }])
  })

  test('inviting an address that already has an account is a 409, not a link that cannot work', async () => {
    const admin = await t.login()
    const u = await addUser(t)
    const res = await t.request(
      'POST',
      '/api/admin/invites',
      { email: u.email.toUpperCase() },
      admin,
    )
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ field: 'email' })
    const invites = (await (
      await t.request('GET', '/api/admin/invites', undefined, admin)
    ).json()) as { invites: Array<{ email: string }> }
    expect(invites.invites.some((i) => i.email === u.email)).toBe(false)
  })
})
