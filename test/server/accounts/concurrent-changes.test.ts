import { afterAll, beforeAll, expect, test } from 'vitest'
import { getUserById } from '../../../server/accounts/users'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser } from '../../helpers/accounts-users'

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
