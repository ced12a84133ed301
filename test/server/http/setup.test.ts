import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listUsers } from '../../../server/accounts/users'
import { createTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  // No ADMIN_EMAIL / ADMIN_PASSWORD: the first run waits for the setup token.
  t = await createTestApp({ env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } })
})
afterAll(() => t.cleanup())

describe('first-run setup', () => {
  test('two setups sent at once make one admin; the other is told setup is done', async () => {
    const token = t.services.setup.token ?? ''
    expect(token).not.toBe('')
    const answers = await Promise.all(
      ['first@example.com', 'second@example.com'].map((email) =>
        t.request('POST', '/api/setup', { token, email, password: 'long enough password' }),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([201, 403])
    const refused = answers.find((r) => r.status === 403)
    expect(await refused?.json()).toEqual({
      error: 'Setup token is wrong or setup is already done; see the server log',
    })
    const users = await listUsers(t.services.deps.store)
    expect(users).toHaveLength(1)
    expect(users[0]?.isAdmin).toBe(true)
    expect(await (await t.request('GET', '/api/setup')).json()).toEqual({ needed: false })
  })
})
