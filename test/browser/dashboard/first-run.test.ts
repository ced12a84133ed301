import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from '../../helpers/chromium'
import { startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server'
import type { Browser } from 'playwright-core'

// Answers under load (scrypt, a busy embedded store) may take seconds.
const POLL = { timeout: 15_000 }
let server: DashboardServer
let browser: Browser
beforeAll(async () => {
  server = await startDashboardServer({ ADMIN_EMAIL: '' })
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('first run in Chromium', () => {
  test('the setup page takes the token from the log, then a site is added and its snippet shown', async () => {
    const token = /setup token: ([\w-]+)/.exec(server.output())?.[1]
    expect(token).toMatch(/^[\w-]{16}$/)
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.waitForSelector('text=Welcome to Spur')
    const fill = async (label: string, value: string) => page.getByLabel(label).fill(value)
    await fill('Setup token', 'wrong-token-0000')
    await fill('E-mail', 'founder@example.de')
    await fill('Password (at least 10 characters)', 'a good long password')
    await page.click('button[type=submit]')
    await expect
      .poll(() => page.textContent('[role=alert]'), POLL)
      .toBe('Setup token is wrong or setup is already done; see the server log')
    await fill('Setup token', token ?? '')
    await page.click('button[type=submit]')
    await page.waitForSelector('text=No sites yet')

    await page.getByRole('link', { name: 'Add a site' }).click()
    await page.fill('input[name=domain]', 'https://www.Bakery-Example.de/')
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/sites') && r.request().method() === 'POST',
      ),
      page.click('button[type=submit]'),
    ])
    const { site } = (await created.json()) as { site: { snippet: string } }
    await page.waitForSelector('[data-snippet]')
    expect(await page.textContent('h1')).toBe('www.bakery-example.de is added')
    // Exactly the server's snippet, which names the site and this server's script path.
    expect(await page.textContent('[data-snippet]')).toBe(site.snippet)
    expect(site.snippet).toContain('data-domain="www.bakery-example.de"')
    expect(site.snippet).toContain(`src="${server.url}/js/script.js`)
    await page.getByRole('link', { name: 'Open the dashboard' }).click()
    await page
      .waitForSelector('[data-metric="visitors"] .stat-value', { timeout: 20_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${await page.evaluate(() => document.body.innerText)}`)
      })
    expect(await page.getAttribute('[data-metric="visitors"] .stat-value', 'data-value')).toBe('0')
    await page.close()
  }, 90_000)
})
