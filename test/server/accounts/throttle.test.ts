import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { describeWait, Throttle } from '../../../server/accounts/throttle'
import { createTestApp, type TestApp } from '../../helpers/app'

// Every stored hash a password is checked against, to show that an unknown account costs the
// same work as a known one (timing would not tell them apart).
const verified: string[] = vi.hoisted(() => [])
vi.mock('../../../server/accounts/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../server/accounts/passwords')>()
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      verified.push(stored)
      return real.verifyPassword(password, stored)
    },
  }
})
import { addUser } from '../../helpers/accounts-users'

describe('Throttle', () => {
  const policy = { free: 2, baseMs: 1000, maxMs: 5000, forgetMs: 60_000 }
  test.each([
    [1, 0],
    [2, 0],
    [3, 1000],
    [4, 2000],
    [5, 4000],
    [6, 5000],
    [9, 5000],
  ])('after %i failures the wait is %i ms', (failures, wait) => {
    const th = new Throttle(policy)
    for (let i = 0; i < failures; i += 1) th.fail('k', 0)
    expect(th.waitMs('k', 0)).toBe(wait)
  })

  test('a count is forgotten after forgetMs and cleared by reset', () => {
    const th = new Throttle(policy)
    for (let i = 0; i < 4; i += 1) th.fail('a', 0)
    for (let i = 0; i < 4; i += 1) th.fail('b', 0)
    expect(th.waitMs('a', 60_001)).toBe(0)
    th.reset('b')
    expect(th.waitMs('b', 0)).toBe(0)
  })

  test.each([
    [1, '1 seconds'],
    [30_000, '30 seconds'],
    [89_000, '89 seconds'],
    [90_001, '2 minutes'],
    [900_000, '15 minutes'],
  ])('describeWait(%i) = %s', (ms, text) => {
    expect(describeWait(ms)).toBe(text)
  })
})

describe('login throttling', () => {
  let t: TestApp
  beforeAll(async () => {
    // Behind one trusted proxy, so each test can speak as a different client.
    t = await createTestApp({ env: { TRUST_PROXY: '1' } })
  })
  afterAll(() => t.cleanup())

  const attempt = (email: string, password: string, ip = '203.0.113.9') =>
    t.request('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': ip })

  test('password guessing slows down per account, with a clear message and Retry-After', async () => {
    const u = await addUser(t)
    for (let i = 0; i < 5; i += 1)
      expect((await attempt(u.email, `guess number ${i}`)).status).toBe(401)
    const sixth = await attempt(u.email, 'guess number 6')
    expect(sixth.status).toBe(401)
    const blocked = await attempt(u.email, u.password)
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('30')
    expect(await blocked.json()).toEqual({
      error: 'Too many failed logins. Wait 30 seconds before trying again.',
      retryAfter: 30,
    })
    t.clock.advance(30_000)
    expect((await attempt(u.email, 'guess number 7')).status).toBe(401)
    const longer = await attempt(u.email, u.password)
    expect(longer.status).toBe(429)
    expect(longer.headers.get('retry-after')).toBe('60')
    t.clock.advance(60_000)
    // The right password gets in once the wait is over, and clears the count.
    expect((await attempt(u.email, u.password)).status).toBe(200)
    expect((await attempt(u.email, 'wrong again!')).status).toBe(401)
    expect((await attempt(u.email, u.password)).status).toBe(200)
  })

  test('an unknown e-mail is throttled exactly like a real one (no enumeration)', async () => {
    const u = await addUser(t)
    const answers: Array<[number, unknown]> = []
    for (const email of [u.email, `nobody-${Date.now()}@example.com`]) {
      for (let i = 0; i < 6; i += 1) await attempt(email, 'wrong password', '198.51.100.1')
      const res = await attempt(email, 'wrong password', '198.51.100.1')
      answers.push([res.status, await res.json()])
      t.clock.advance(24 * 3600_000 + 1)
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0]?.[0]).toBe(429)
  })

  test('one client guessing many accounts is slowed down too', async () => {
    const ip = '192.0.2.77'
    for (let i = 0; i < 20; i += 1)
      expect((await attempt(`spray${i}@example.com`, 'Winter2026!!', ip)).status).toBe(401)
    expect((await attempt('spray21@example.com', 'Winter2026!!', ip)).status).toBe(401)
    const res = await attempt('spray22@example.com', 'Winter2026!!', ip)
    expect(res.status).toBe(429)
    // Another client is not affected.
    const u = await addUser(t)
    expect((await attempt(u.email, u.password, '192.0.2.78')).status).toBe(200)
  })

  test('an unknown e-mail costs the same password hash as a wrong password', async () => {
    const u = await addUser(t)
    const hashes = async (email: string) => {
      verified.length = 0
      const res = await attempt(email, 'not the password', '192.0.2.150')
      expect(res.status).toBe(401)
      // The kind of hash each check ran against: N, r and p of the stored scrypt string.
      return verified.map((stored) => stored.split('$').slice(0, 4).join('$'))
    }
    const known = await hashes(u.email)
    expect(known).toEqual(['scrypt$32768$8$1'])
    expect(await hashes('ghost@example.com')).toEqual(known)
  })
})
