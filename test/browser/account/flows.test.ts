import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFakeSmtp, type ReceivedMail } from '../../helpers/accounts-smtp'
import { OWNER, startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server'
import { launchChromium } from '../../helpers/chromium'

const INVITED = {
  email: 'invited@example.com',
  name: 'Ina Vitt',
  password: 'a long invited secret',
}
const SITE = 'flows.example'
const NEW_PASSWORD = 'another long secret'

let smtp: { port: number; mails: ReceivedMail[]; close(): Promise<void> }
let server: DashboardServer
let browser: Browser
let admin: BrowserContext
let adminPage: Page

beforeAll(async () => {
  smtp = await startFakeSmtp()
  server = await startDashboardServer({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` })
  browser = await launchChromium()
  admin = await browser.newContext({ locale: 'en-GB' })
  adminPage = await admin.newPage()
  await adminPage.goto(server.url)
  await adminPage.waitForSelector('input[name=email]')
  await adminPage.fill('input[name=email]', OWNER.email)
  await adminPage.fill('input[name=password]', OWNER.password)
  await adminPage.click('button[type=submit]')
  await adminPage.waitForSelector('button:has-text("Log out")')
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
})

/** A same-origin JSON call from inside the logged-in page, as the dashboard makes it. */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await page.evaluate(
    async ([m, p, b]) => {
      const r = await fetch(p, {
        method: m,
        headers: { 'content-type': 'application/json' },
        ...(b === undefined ? {} : { body: JSON.stringify(b) }),
      })
      return { status: r.status, json: (await r.json()) as unknown }
    },
    [method, path, body] as const,
  )
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json as T
}

/** Fills the delete form of the account screen and submits it. */
async function deleteAccount(page: Page, password: string) {
  const form = page.locator('[data-delete-account]')
  await form.locator('input[type=password]').fill(password)
  await form.locator('input[type=checkbox]').check()
  await form.locator('button[type=submit]').click()
}

describe('account flows in Chromium', () => {
  test('an invitation link opened logged out shows the invite screen; accepting logs in', async () => {
    await api(adminPage, 'POST', '/api/sites', { domain: SITE, timezone: 'Europe/Berlin' })
    const { url } = await api<{ url: string }>(adminPage, 'POST', '/api/admin/invites', {
      email: INVITED.email,
      sites: [{ domain: SITE, role: 'viewer' }],
    })
    expect(url).toMatch(new RegExp(`^${server.url}/invite#[\\w-]+$`))

    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(url)
    await expect.poll(() => page.textContent('h1')).toBe('Join Spur')
    await expect
      .poll(() => page.textContent('main'))
      .toContain(`You are invited as ${INVITED.email}.`)
    await page.fill('input[autocomplete=name]', INVITED.name)
    await page.fill('input[autocomplete=new-password]', INVITED.password)
    await page.click('button:has-text("Create account")')
    await page.waitForSelector('button:has-text("Log out")')
    expect(new URL(page.url()).pathname).toBe('/')
    expect((await api<{ user: { email: string } }>(page, 'GET', '/api/auth/me')).user.email).toBe(
      INVITED.email,
    )
    // A reset link with an unknown token renders its page and says why it cannot be used.
    await page.goto(`${server.url}/reset-password#not-a-real-token`)
    await expect.poll(() => page.textContent('h1')).toBe('Set a new password')
    await expect
      .poll(() => page.textContent('[role=alert]'))
      .toContain('This link is unknown, used or expired; ask for a new one')
    // A used invitation is spent.
    await page.goto(url)
    await expect
      .poll(() => page.textContent('[role=alert]'))
      .toContain('This link is unknown, used or expired')
    await context.close()
  }, 30_000)

  test('the account screen downloads own data; the only owner of a site cannot delete', async () => {
    await adminPage.goto(`${server.url}/account`)
    const card = adminPage.locator('[data-account-data]')
    await card.waitFor()
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      card.locator('a:has-text("Download my data")').click(),
    ])
    expect(download.suggestedFilename()).toBe('spur-account.json')
    const data = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      account: { email: string }
      sites: Array<{ domain: string; role: string }>
    }
    expect(data.account.email).toBe(OWNER.email)
    expect(data.sites).toEqual([{ domain: SITE, role: 'owner' }])

    await deleteAccount(adminPage, 'not the password')
    await expect
      .poll(() => card.locator('[role=status]').textContent())
      .toBe('password: the password is wrong')
    await deleteAccount(adminPage, OWNER.password)
    await expect
      .poll(() => card.locator('[role=status]').textContent())
      .toBe(`You are the only owner of ${SITE}: make someone else owner or delete the site first`)
    expect(
      (await api<{ user: { email: string } }>(adminPage, 'GET', '/api/auth/me')).user.email,
    ).toBe(OWNER.email)
  }, 30_000)

  test('"Forgot password?" mails a reset link; the link sets a new password', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.click('a:has-text("Forgot password?")')
    expect(new URL(page.url()).pathname).toBe('/forgot-password')
    await page.fill('input[type=email]', INVITED.email)
    await page.click('button:has-text("Send link")')
    await expect
      .poll(() => page.textContent('main'))
      .toContain('If an account uses this address, a link is on its way.')
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(INVITED.email)).length).toBe(2)
    const mail = smtp.mails.filter((m) => m.to.includes(INVITED.email))[1]?.text ?? ''
    const link = /https?:\/\/\S+\/reset-password#[\w-]+/.exec(mail)?.[0] ?? ''
    expect(link.startsWith(`${server.url}/reset-password#`)).toBe(true)

    await page.goto(link)
    await expect.poll(() => page.textContent('main')).toContain(`For ${INVITED.email}.`)
    await page.fill('input[autocomplete=new-password]', NEW_PASSWORD)
    await page.click('button:has-text("Set password")')
    await expect
      .poll(() => page.textContent('main'))
      .toContain('Your password is set. Log in with it now.')
    await page.click('a:has-text("Go to login")')
    await page.fill('input[name=email]', INVITED.email)
    await page.fill('input[name=password]', NEW_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForSelector('button:has-text("Log out")')
    await context.close()
  }, 30_000)

  test('the invited user deletes their account with the password and is logged out', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.fill('input[name=email]', INVITED.email)
    await page.fill('input[name=password]', NEW_PASSWORD)
    await page.click('button[type=submit]')
    await page.click('a[href="/account"]')
    await deleteAccount(page, NEW_PASSWORD)
    await page.waitForSelector('input[name=email]')
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await context.cookies()).toEqual([])

    const users = await api<{ users: Array<{ email: string }> }>(
      adminPage,
      'GET',
      '/api/admin/users',
    )
    expect(users.users.map((u) => u.email)).toEqual([OWNER.email])
    // The credentials no longer log in.
    await page.fill('input[name=email]', INVITED.email)
    await page.fill('input[name=password]', NEW_PASSWORD)
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('#login-error')).toBe('E-mail or password is wrong')
    await context.close()
  }, 30_000)

  test('the admin screen lists a backup after "Back up now"', async () => {
    await adminPage.goto(`${server.url}/admin`)
    const section = adminPage.locator('[data-backups]')
    await expect.poll(() => section.textContent()).toContain('No backups yet.')
    await section.locator('button:has-text("Back up now")').click()
    const row = section.locator('tbody tr')
    await row.first().waitFor({ timeout: 30_000 })
    expect(await row.count()).toBe(1)
    const name = (await row.first().locator('code').textContent()) ?? ''
    expect(name).toMatch(/^spur-\d{8}-\d{6}$/)
    expect(await section.locator('[role=status]').textContent()).toBe(`Backup ${name} is done.`)
    expect(await row.first().locator('td').last().textContent()).toBe('included')
    const listed = await api<{ backups: Array<{ name: string }> }>(
      adminPage,
      'GET',
      '/api/privacy/backups',
    )
    expect(listed.backups.map((b) => b.name)).toEqual([name])
  }, 40_000)
})
