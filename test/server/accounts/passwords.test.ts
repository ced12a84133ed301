import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkPasswordStrength } from '../../../server/accounts/passwords'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const TOO_SHORT = 'Password must be at least 10 characters'
const TOO_LONG = 'Password must be at most 1024 characters'

describe('password length counts characters (Unicode code points), not UTF-16 units', () => {
  test.each([
    ['nine ascii', 'abcdefghi', TOO_SHORT],
    ['ten ascii', 'abcdefghij', undefined],
    ['five emoji (ten UTF-16 units)', '🔑'.repeat(5), TOO_SHORT],
    ['nine astral letters', '𝐀'.repeat(9), TOO_SHORT],
    ['ten emoji', '🔑'.repeat(10), undefined],
    ['umlauts', 'äöüßäöüßäö', undefined],
    ['1024 emoji', '🔑'.repeat(1024), undefined],
    ['1025 emoji', '🔑'.repeat(1025), TOO_LONG],
    ['1025 ascii', 'a'.repeat(1025), TOO_LONG],
  ])('%s', (_name, password, expected) => {
    expect(checkPasswordStrength(password)).toBe(expected)
  })

  test('a new password of five emoji is refused; ten emoji are set and log in', async () => {
    const u = await addUser(t)
    const headers = await u.login()
    const change = (newPassword: string) =>
      t.request(
        'POST',
        '/api/account/password',
        { currentPassword: u.password, newPassword },
        headers,
      )
    const short = await change('🔑'.repeat(5))
    expect(short.status).toBe(400)
    expect(await short.json()).toEqual({
      error: `newPassword: ${TOO_SHORT}`,
      field: 'newPassword',
    })
    expect((await change('🔑'.repeat(10))).status).toBe(200)
    expect((await t.login(u.email, '🔑'.repeat(10))).cookie).toMatch(/^spur_session=/)
  })

  test('a password of 1024 emoji (2048 UTF-16 units) is set and logs in', async () => {
    const u = await addUser(t)
    const long = '🔑'.repeat(1024)
    const res = await t.request(
      'POST',
      '/api/account/password',
      { currentPassword: u.password, newPassword: long },
      await u.login(),
    )
    expect(res.status).toBe(200)
    const login = await t.request('POST', '/api/auth/login', { email: u.email, password: long })
    expect(login.status).toBe(200)
    const tooLong = await t.request(
      'POST',
      '/api/account/password',
      { currentPassword: long, newPassword: `${long}🔑` },
      await t.login(u.email, long),
    )
    expect(tooLong.status).toBe(400)
    expect(((await tooLong.json()) as { error: string }).error).toMatch(/^newPassword: .*1024/)
  })
})
