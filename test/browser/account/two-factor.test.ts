import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { totpCode } from '../../helpers/accounts-users'
import { OWNER, startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server'
import { launchChromium } from '../../helpers/chromium'

let server: DashboardServer
let browser: Browser
beforeAll(async () => {
  server = await startDashboardServer()
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function logIn(page: Page, code?: string) {
  await page.goto(server.url)
  await page.fill('input[name=email]', OWNER.email)
  await page.fill('input[name=password]', OWNER.password)
  await page.click('button[type=submit]')
  if (code !== undefined) {
    await page.waitForSelector('input[name=code]')
    await page.fill('input[name=code]', code)
    await page.click('button[type=submit]')
  }
  await page.waitForSelector('button:has-text("Log out")')
}

async function logOut(page: Page) {
  await page.click('button:has-text("Log out")')
  await page.waitForSelector('input[name=email]')
}

describe('two-factor authentication in Chromium', () => {
  test('enable 2FA by reading the key, log out, log in with a TOTP code, then with a recovery code', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    const offOrigin: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) offOrigin.push(r.url())
    })
    await logIn(page)
    await page.click('a[href="/account"]')
    const card = page.locator('[data-two-factor]')
    await card.locator('input[type=password]').fill(OWNER.password)
    await card.locator('button:has-text("Set up two-factor authentication")').click()
    // The QR code is an image rendered by our server as a data URL; the key is shown beside it.
    const qr = card.locator('img')
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    const secret = await card.locator('label:has-text("Key") input').inputValue()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    await card.locator('input[name=code]').fill(totpCode(secret, Date.now()))
    await card.locator('button:has-text("Turn on")').click()
    const codesBox = card.locator('textarea')
    await codesBox.waitFor()
    const recoveryCodes = (await codesBox.inputValue()).split('\n')
    expect(recoveryCodes).toHaveLength(10)
    await card.locator('button:has-text("Done")').click()
    await expect
      .poll(() => card.textContent())
      .toContain(
        'On. Logging in needs a code from your authenticator app. Recovery codes left: 10.',
      )

    await logOut(page)
    // The enrolment code is spent; the next time step's code is accepted (one step of drift).
    await logIn(page, totpCode(secret, Date.now() + 30_000))
    expect(await page.locator('a[href="/account"]').count()).toBe(1)

    await logOut(page)
    await logIn(page, recoveryCodes[0])
    await page.click('a[href="/account"]')
    await expect
      .poll(() => page.locator('[data-two-factor]').textContent())
      .toContain('Recovery codes left: 9.')

    // A spent recovery code does not work a second time.
    await logOut(page)
    await page.fill('input[name=email]', OWNER.email)
    await page.fill('input[name=password]', OWNER.password)
    await page.click('button[type=submit]')
    await page.fill('input[name=code]', recoveryCodes[0] ?? '')
    await page.click('button[type=submit]')
    await expect
      .poll(() => page.textContent('#login-error'))
      .toBe('The code is wrong or was already used')
    expect(offOrigin).toEqual([])
    await context.close()
  }, 120_000)
})
