import { createServer, type Server } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort, startServer, type ServerProcess } from '../../helpers/server-process'
import { launchChromium } from '../../helpers/chromium'

// The whole path as a site owner sees it: `npm start`'s server, a page on another origin
// carrying the snippet the dashboard shows, a real browser, and the numbers in the dashboard.
const OWNER = { email: 'owner@example.com', password: 'correct horse battery' }
const SITE = 'site.test'

let server: ServerProcess
let page: Server
let browser: Browser
let cookie = ''
let snippet = ''
let sitePort = 0

beforeAll(async () => {
  server = await startServer({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'spur-e2e-')),
    ADMIN_EMAIL: OWNER.email,
    ADMIN_PASSWORD: OWNER.password,
    LOG_LEVEL: 'warn',
  })
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  })
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const created = await fetch(`${server.url}/api/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.url },
    body: JSON.stringify({ domain: SITE, timezone: 'Europe/Berlin' }),
  })
  expect(created.status).toBe(201)
  snippet = ((await created.json()) as { site: { snippet: string } }).site.snippet

  sitePort = await freePort()
  page = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<!doctype html><html><head><title>Hello</title>${snippet}</head><body><h1>Hello</h1></body></html>`,
    )
  })
  await new Promise<void>((resolve) => page.listen(sitePort, '127.0.0.1', resolve))
  browser = await launchChromium({ hosts: [SITE] })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  page?.close()
  await server?.stop()
}, 120_000)

async function query(body: object): Promise<number[]> {
  const res = await fetch(`${server.url}/api/v2/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.url },
    body: JSON.stringify({ site_id: SITE, ...body }),
  })
  const json = (await res.json()) as { results: Array<{ metrics: number[] }> }
  return json.results[0]?.metrics ?? []
}

test('a pageview from a page with the snippet shows in the API and the dashboard', async () => {
  expect(snippet).toContain(`data-domain="${SITE}"`)
  // Headless Chromium names itself in its User-Agent and the collector drops it as a bot;
  // this visitor is meant to be counted, so it presents itself as the desktop Chrome it is.
  const userAgent = (
    await browser.newPage().then((p) => p.evaluate(() => navigator.userAgent))
  ).replace('HeadlessChrome', 'Chrome')
  const context = await browser.newContext({ userAgent })
  // The tracker stays silent in automated browsers; this visitor is meant to be counted.
  await context.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }),
  )
  const visitor = await context.newPage()
  const accepted = visitor.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().startsWith(server.url),
  )
  await visitor.goto(`http://${SITE}:${sitePort}/hello`)
  const answer = await accepted
  expect(answer.status()).toBe(202)
  expect(await answer.headerValue('x-spur-dropped')).toBeNull()
  expect(await context.cookies()).toEqual([])
  await context.close()

  await expect
    .poll(() => query({ metrics: ['visitors', 'pageviews'], date_range: 'day' }), {
      timeout: 20_000,
    })
    .toEqual([1, 1])

  const dashboard = await browser.newPage()
  await dashboard.goto(server.url)
  await dashboard.fill('input[name=email]', OWNER.email)
  await dashboard.fill('input[name=password]', OWNER.password)
  await dashboard.click('button[type=submit]')
  await dashboard.click('.site-card a')
  const stat = (metric: string) =>
    dashboard.locator(`[data-metric="${metric}"] .stat-value`).getAttribute('data-value')
  await expect.poll(() => stat('visitors'), { timeout: 20_000 }).toBe('1')
  expect(await stat('pageviews')).toBe('1')
  await dashboard.waitForSelector('[data-panel="pages"] .row:has-text("/hello")')
  await dashboard.close()
}, 120_000)
