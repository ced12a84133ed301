import { afterAll, beforeAll, expect, test } from 'vitest'
import { listUsers } from '../../../server/accounts/users'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const admins = async () =>
  (await listUsers(t.services.deps.store)).filter((u) => u.isAdmin).map((u) => u.email)

/** Two new admins, logged in, after every other admin was demoted: the instance's only two. */
async function twoAdmins() {
  const a = await addUser(t, { isAdmin: true })
  const b = await addUser(t, { isAdmin: true })
  const [asA, asB] = [await a.login(), await b.login()]
  for (const u of await listUsers(t.services.deps.store))
    if (u.isAdmin && u.id !== a.user.id && u.id !== b.user.id) {
      const res = await t.request('PATCH', `/api/admin/users/${u.id}`, { isAdmin: false }, asA)
      expect(res.status).toBe(200)
    }
  expect((await admins()).sort()).toEqual([a.email, b.email].sort())
  return { a, b, asA, asB }
}

test('two admins taking away each other’s rights at once: one stays admin, the other change is a 409', async () => {
  const { a, b, asA, asB } = await twoAdmins()
  const answers = await Promise.all([
    t.request('PATCH', `/api/admin/users/${b.user.id}`, { isAdmin: false }, asA),
    t.request('PATCH', `/api/admin/users/${a.user.id}`, { isAdmin: false }, asB),
  ])
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
  const refused = answers.find((r) => r.status === 409)
  expect(((await refused?.json()) as { error: string }).error).toMatch(/at least one/)
  expect(await admins()).toHaveLength(1)
})

test('two admins removing each other’s accounts at once: one account stays, and stays admin', async () => {
  const { a, b, asA, asB } = await twoAdmins()
  const answers = await Promise.all([
    t.request('DELETE', `/api/admin/users/${b.user.id}`, undefined, asA),
    t.request('DELETE', `/api/admin/users/${a.user.id}`, undefined, asB),
  ])
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
  expect(await admins()).toHaveLength(1)
})

test('an admin deleting the own account while the admins demote each other: one admin stays', async () => {
  const { a, b, asA, asB } = await twoAdmins()
  const answers = await Promise.all([
    t.request('POST', '/api/account/delete', { password: a.password }, asA),
    t.request('PATCH', `/api/admin/users/${a.user.id}`, { isAdmin: false }, asB),
    t.request('PATCH', `/api/admin/users/${b.user.id}`, { isAdmin: false }, asA),
  ])
  expect(answers.some((r) => r.status === 200)).toBe(true)
  expect(await admins()).toHaveLength(1)
})
