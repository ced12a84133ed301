import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMailer, message } from '../../../server/accounts/mailer'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addUser } from '../../helpers/accounts-users'
import { startFakeSmtp, type ReceivedMail } from '../../helpers/accounts-smtp'

let t: TestApp
let smtp: Awaited<ReturnType<typeof startFakeSmtp>>
beforeAll(async () => {
  smtp = await startFakeSmtp()
  t = await createTestApp({
    env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Spur <spur@stats.example>' },
  })
})
afterAll(async () => {
  await t.cleanup()
  await smtp.close()
})

/** The `nth` mail to `address` (1 = the first), once it has arrived. */
async function mailTo(address: string, nth = 1): Promise<ReceivedMail | undefined> {
  for (let i = 0; i < 50; i++) {
    const found = smtp.mails.filter((m) => m.to === `<${address}>`)[nth - 1]
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  return undefined
}

describe('mail when SMTP is configured', () => {
  test('an invitation is mailed with its link, and the link is shown too', async () => {
    const admin = await t.login()
    const res = await t.request('POST', '/api/admin/invites', { email: 'new@example.com' }, admin)
    const body = (await res.json()) as { url: string; emailed: boolean }
    expect(body.emailed).toBe(true)
    const mail = await mailTo('new@example.com')
    expect(mail?.from).toBe('<spur@stats.example>')
    expect(mail?.headers.from).toBe('Spur <spur@stats.example>')
    expect(mail?.subject).toBe('Einladung zu Spur / Invitation to Spur')
    expect(mail?.text).toContain(`owner@example.com invites you to Spur`)
    expect(mail?.text.split(body.url)).toHaveLength(3)
  })

  test('forgot password: a reset link by mail, the same answer for an unknown address', async () => {
    expect(await (await t.request('GET', '/api/auth/options')).json()).toEqual({
      passwordResetByEmail: true,
    })
    const u = await addUser(t)
    const known = await t.request('POST', '/api/auth/password-reset/request', { email: u.email })
    const unknown = await t.request('POST', '/api/auth/password-reset/request', {
      email: 'ghost@example.com',
    })
    expect([known.status, await known.json()]).toEqual([200, { ok: true }])
    expect([unknown.status, await unknown.json()]).toEqual([200, { ok: true }])
    const mail = await mailTo(u.email)
    const url = /http:\/\/localhost\/reset-password#[\w-]+/.exec(mail?.text ?? '')?.[0] ?? ''
    expect(url).not.toBe('')
    const done = await t.request('POST', '/api/auth/password-reset', {
      token: url.split('#')[1],
      password: 'reset by mail 123',
    })
    expect(done.status).toBe(200)
    await t.login(u.email, 'reset by mail 123')
    expect(smtp.mails.some((m) => m.to === '<ghost@example.com>')).toBe(false)
  })

  test('a newer reset mail withdraws the link of an older one', async () => {
    const u = await addUser(t)
    const ask = () => t.request('POST', '/api/auth/password-reset/request', { email: u.email })
    const tokenOf = (mail: ReceivedMail | undefined) =>
      /reset-password#([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? ''
    expect((await ask()).status).toBe(200)
    const first = tokenOf(await mailTo(u.email))
    expect((await ask()).status).toBe(200)
    const second = tokenOf(await mailTo(u.email, 2))
    expect(second).not.toBe('')
    expect((await t.request('GET', `/api/auth/password-reset/${first}`)).status).toBe(404)
    const old = await t.request('POST', '/api/auth/password-reset', {
      token: first,
      password: 'from the old mail 1',
    })
    expect(old.status).toBe(404)
    const done = await t.request('POST', '/api/auth/password-reset', {
      token: second,
      password: 'from the new mail 1',
    })
    expect(done.status).toBe(200)
  })

  test('asking for reset mails is throttled per address', async () => {
    const u = await addUser(t)
    const ask = () => t.request('POST', '/api/auth/password-reset/request', { email: u.email })
    expect([(await ask()).status, (await ask()).status, (await ask()).status]).toEqual([
      200, 200, 200,
    ])
    const blocked = await ask()
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('30')
    expect(await blocked.json()).toEqual({
      error: 'Too many reset requests. Wait 30 seconds before trying again.',
      retryAfter: 30,
    })
  })

  test('sending to a mail server that cannot be reached fails with a reason', async () => {
    const mailer = createMailer('smtp://127.0.0.1:1', 'Spur <spur@stats.example>')
    await expect(mailer?.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow()
  })

  test.each([
    ['to', { to: 'a@example.com\r\nBcc: victim@example.com', subject: 's', text: 't' }],
    ['subject', { to: 'a@example.com', subject: 'hi\nBcc: victim@example.com', text: 't' }],
  ])('a line break in %s is refused (no header injection)', (_field, mail) => {
    expect(() => message('Spur <spur@stats.example>', mail)).toThrow(
      'mail headers must not contain line breaks',
    )
  })
})
