import { afterAll, beforeAll, expect, test } from 'vitest'
import { getUserById } from '../../../server/accounts/users'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser } from '../../helpers/accounts-users'

let t: TestApp
let admin: Record<string, string>
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login()
})
afterAll(() => t.cleanup())

test('admin rights taken away while the user renames themselves: both changes stay', async () => {
  for (let round = 0; round < 6; round++) {
    const u = await addUser(t, { isAdmin: true })
    const own = await u.login()
    const [demote, rename] = await Promise.all([
      t.request('PATCH', `/api/admin/users/${u.user.id}`, { isAdmin: false }, admin),
      t.request('PATCH', '/api/account', { name: `Name ${round}` }, own),
    ])
    expect([demote.status, rename.status]).toEqual([200, 200])
    const latest = await getUserById(t.services.deps.store, u.user.id)
    expect({ isAdmin: latest?.isAdmin, name: latest?.name }).toEqual({
      isAdmin: false,
      name: `Name ${round}`,
    })
  }
})

/** A site with two owners, and the owners of the site as its members list shows them. */
async function siteWithTwoOwners() {
  const u = await addUser(t)
  const v = await addUser(t)
  const site = await addSite(t, u.user.id, [{ userId: v.user.id, role: 'owner' }])
  const owners = async () => {
    const res = await t.request('GET', `/api/sites/${site.domain}/members`, undefined, admin)
    const { members } = (await res.json()) as { members: Array<{ email: string; role: string }> }
    return members.filter((m) => m.role === 'owner').map((m) => m.email)
  }
  return { u, v, site, owners }
}

test('an account removed while the site’s other owner is removed: the site keeps an owner', async () => {
  const { u, v, site, owners } = await siteWithTwoOwners()
  const answers = await Promise.all([
    t.request('DELETE', `/api/admin/users/${u.user.id}`, undefined, admin),
    t.request('DELETE', `/api/sites/${site.domain}/members/${v.user.id}`, undefined, admin),
  ])
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
  expect(await owners()).toHaveLength(1)
})

test('both owners’ accounts removed at once: the second removal is a 409', async () => {
  const { u, v, owners } = await siteWithTwoOwners()
  const answers = await Promise.all([
    t.request('DELETE', `/api/admin/users/${u.user.id}`, undefined, admin),
    t.request('DELETE', `/api/admin/users/${v.user.id}`, undefined, admin),
  ])
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
  expect(await owners()).toHaveLength(1)
})

test('an owner deleting the own account while the other owner is demoted: the site keeps an owner', async () => {
  // The deletion checks the password (a slow hash), then every site it owns, then leaves
  // them: the demotion starts a little later in each round, after more reads, so that some
  // round meets the deletion between its check of the first site and its leaving it.
  const v = await addUser(t)
  for (let reads = 0; reads < 8; reads += 1) {
    const u = await addUser(t)
    const sites = []
    for (let i = 0; i < 12; i++)
      sites.push(await addSite(t, u.user.id, [{ userId: v.user.id, role: 'owner' }]))
    const first = sites.map((s) => s.domain).sort()[0]
    const owners = async () => {
      const res = await t.request('GET', `/api/sites/${first}/members`, undefined, admin)
      const { members } = (await res.json()) as { members: Array<{ role: string }> }
      return members.filter((m) => m.role === 'owner')
    }
    const own = await u.login()
    const demote = async () => {
      for (let i = 0; i < reads; i++) await owners()
      return t.request(
        'PATCH',
        `/api/sites/${first}/members/${v.user.id}`,
        { role: 'viewer' },
        admin,
      )
    }
    const answers = await Promise.all([
      t.request('POST', '/api/account/delete', { password: u.password }, own),
      demote(),
    ])
    console.log(
      'ROUND',
      reads,
      answers.map((r) => r.status),
      (await owners()).length,
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
    expect(await owners()).toHaveLength(1)
    if (answers[1]?.status === 409) return
  }
})
