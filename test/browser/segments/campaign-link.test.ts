import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { axeViolations } from '../../helpers/dashboard-browser'
import { OWNER, startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server'
import { launchChromium } from '../../helpers/chromium'

// Import a CSV in the dashboard, copy the A segment's campaign link, open it on a test site
// in Chromium: the token leaves the address bar, and the Segments screen counts the visit
// under A once there are k visitors, "fewer than k" before.

const SITE = 'site.test'
const FIXTURE = fileURLToPath(new URL('../../fixtures/crm/excel-de-1252.csv', import.meta.url))

let server: DashboardServer
let siteServer: Server
let sitePort = 0
let browser: Browser
let api: Record<string, string>
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = await startDashboardServer()
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  api = { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }
  const created = await fetch(`${server.url}/api/sites`, {
    method: 'POST',
    headers: api,
    body: JSON.stringify({ domain: SITE, timezone: 'Europe/Berlin' }),
  })
  expect(created.status).toBe(201)
  // The landing page of the test site carries the tracker snippet.
  const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Offer</title><script defer data-domain="${SITE}" src="http://stats.test:${server.port}/js/script.js"></script>
</head><body><h1>Offer</h1></body></html>`
  siteServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
  })
  await new Promise<void>((resolve) => siteServer.listen(0, '127.0.0.1', resolve))
  sitePort = (siteServer.address() as AddressInfo).port
  browser = await launchChromium({ hosts: ['site.test', 'stats.test'] })
}, 120_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await new Promise((resolve) => siteServer?.close(resolve))
  await server?.stop()
})

async function context(options: Parameters<Browser['newContext']>[0] = {}) {
  const c = await browser.newContext({ locale: 'en-GB', ...options })
  contexts.push(c)
  return c
}

async function totalVisitors(): Promise<number> {
  const res = await fetch(`${server.url}/api/v2/query`, {
    method: 'POST',
    headers: api,
    body: JSON.stringify({ site_id: SITE, metrics: ['visitors'], date_range: 'day' }),
  })
  const body = (await res.json()) as { results: Array<{ metrics: number[] }> }
  return body.results[0]?.metrics[0] ?? 0
}

async function waitForVisitors(n: number) {
  for (let i = 0; i < 100 && (await totalVisitors()) < n; i++)
    await new Promise((r) => setTimeout(r, 200))
  expect(await totalVisitors()).toBe(n)
}

/** Opens the campaign link as a new visitor (its own User-Agent, so its own visitor hash). */
async function visit(link: string, userAgent: string) {
  const c = await context({ userAgent })
  await c.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }),
  )
  const page = await c.newPage()
  const target = link.replace('https://site.test/', `http://site.test:${sitePort}/`)
  await page.goto(target)
  await page.waitForURL((url) => !url.searchParams.has('sg'), { timeout: 10_000 })
  return page.url()
}

test('campaign link from the dashboard → visit → counted under A, behind the k floor', async () => {
  const dashboard = await context()
  const [name, value] = (api.cookie ?? '').split('=')
  await dashboard.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }])
  await dashboard.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.url,
  })
  const page = await dashboard.newPage()
  await page.goto(`${server.url}/sites/${SITE}/segments`)

  // Linking is off until the owner confirms the legal basis.
  await page.getByText('Art. 6(1)(f) GDPR', { exact: false }).waitFor()
  await page.getByLabel('I have documented the legal basis', { exact: false }).check()
  await page.getByRole('button', { name: 'Turn segment linking on' }).click()
  await page.getByRole('button', { name: 'Turn segment linking off' }).waitFor()

  // Import the German Excel file.
  await page.locator('[data-testid=csv-file]').setInputFiles(FIXTURE)
  await expect
    .poll(() => page.locator('[data-testid=preview-summary]').textContent())
    .toContain('7 rows read (windows-1252, delimiter ;)')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect
    .poll(() => page.locator('[data-testid=review-summary]').textContent())
    .toBe('5 customers read, 2 bad rows, 0 groups of probable duplicates.')
  await page.locator('[data-testid=commit]').click()
  await page.locator('[data-testid=import-done]').waitFor()
  await page.locator('[data-testid=pareto] canvas').waitFor()
  expect(await axeViolations(page)).toEqual([])
  const row = page.locator('[data-testid=segment-list] tr[data-segment=A]')
  await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('2')

  // Copy the A link for the landing page /offer.
  await page.locator('[data-testid=link-path]').fill('/offer')
  await row.getByRole('button', { name: 'Copy' }).click()
  const link = await page.evaluate(() => navigator.clipboard.readText())
  expect(link).toMatch(/^https:\/\/site\.test\/offer\?sg=[A-Za-z0-9_-]{16}$/)

  // First visitor: the token is gone from the address bar.
  const landed = await visit(
    link,
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  )
  expect(landed).toBe(`http://site.test:${sitePort}/offer`)
  await waitForVisitors(1)

  // One visitor is below the default floor of 5.
  await page.reload()
  const reportA = page.locator('[data-testid=segment-report] tr[data-segment=A]')
  await expect
    .poll(() => reportA.locator('[data-testid=below-floor]').textContent())
    .toBe('fewer than 5')

  // With a floor of 2 and a second visitor, the visits show under A.
  const patched = await fetch(`${server.url}/api/sites/${SITE}`, {
    method: 'PATCH',
    headers: api,
    body: JSON.stringify({ settings: { kAnonymity: 2, segmentsEnabled: true } }),
  })
  expect(patched.status).toBe(200)
  await visit(
    link,
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  )
  await waitForVisitors(2)
  await page.reload()
  await expect
    .poll(() => reportA.locator('td.num').first().textContent(), { timeout: 10_000 })
    .toBe('2')
  expect(
    await page
      .locator('[data-testid=segment-report] tr[data-segment=B] [data-testid=below-floor]')
      .textContent(),
  ).toBe('fewer than 2')

  // Switched to German, the ABC chart speaks German too: its legend and its shares.
  await page.selectOption('select[data-control="locale"]', 'de')
  const legend = page.locator('[data-testid=pareto] .u-legend')
  await expect.poll(() => legend.textContent()).toContain('Umsatz (kumuliert)')
  const over = page.locator('[data-testid=pareto] .u-over')
  const box = await over.boundingBox()
  await over.hover({ position: { x: (box?.width ?? 0) * 0.5, y: 10 } })
  await expect
    .poll(() => legend.textContent())
    .toBe('Kunden (kumuliert)40\u00a0%Umsatz (kumuliert)86,4\u00a0%Gleichverteilung40\u00a0%')
}, 120_000)
