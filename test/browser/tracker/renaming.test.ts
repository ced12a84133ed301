import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type ServerProcess } from '../../helpers/server-process'
import { HOSTS, settle } from '../../helpers/tracker-browser'
import { buildTrackerVariants } from '../../helpers/tracker-build'
import { launchChromium } from '../../helpers/chromium'

// The built server (node dist/server/main.js) with every recognisable name changed: the
// script path, an alias, the collect path and the global function.

const ENV = {
  TRACKER_PATH: '/assets/app-7.js',
  TRACKER_ALIASES: '/static/lib.js',
  COLLECT_PATH: '/x/e',
  TRACKER_FUNCTION: 'ga7',
  SEGMENT_PARAM: 'ref7',
}

let server: ServerProcess
let site: Server
let browser: Browser
let dataDir: string
beforeAll(async () => {
  buildTrackerVariants()
  if (!existsSync('dist/server/main.js')) {
    const r = spawnSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' })
    if (r.status !== 0) throw new Error('npm run build failed')
  }
  dataDir = mkdtempSync(join(tmpdir(), 'spur-rename-'))
  server = await startServer({
    ...ENV,
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'owner@example.com',
    ADMIN_PASSWORD: 'correct horse battery',
    LOG_LEVEL: 'warn',
  })
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><head>
<link rel="icon" href="data:,"><title>Shop</title>
<script>window.ga7=window.ga7||function(){(ga7.q=ga7.q||[]).push(arguments)};ga7('Queued')</script>
<script defer data-domain="shop.test" src="http://stats.test:${server.port}${ENV.TRACKER_PATH}?d=shop.test"></script>
</head><body>Shop</body></html>`)
  })
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
  browser = await launchChromium({ hosts: [...HOSTS, 'shop.test'] })
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await new Promise((r) => site?.close(r))
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

test('the served script carries the configured names and no default or product name', async () => {
  for (const path of [ENV.TRACKER_PATH, ENV.TRACKER_ALIASES]) {
    const res = await fetch(`${server.url}${path}?d=shop.test`)
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('"/x/e"')
    expect(body).toContain('"ga7"')
    expect(body).toContain('"ref7"')
    expect(body).not.toMatch(/spur/i)
    expect(body).not.toContain('/js/script.js')
    expect(body).not.toContain('/api/event')
    expect(body).not.toMatch(/%%[A-Z_]+%%/)
  }
})

test('the default paths answer 404', async () => {
  expect((await fetch(`${server.url}/js/script.js`)).status).toBe(404)
  expect((await fetch(`${server.url}/js/script.js?d=shop.test`)).status).toBe(404)
  const post = await fetch(`${server.url}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ n: 'pageview', u: 'https://shop.test/', d: 'shop.test' }),
  })
  expect(post.status).toBe(404)
})

test('a page records pageviews and custom events through the renamed script', async () => {
  const context = await browser.newContext()
  await context.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }),
  )
  const posts: Array<{ url: string; body: { n: string; u: string } }> = []
  context.on('request', (req) => {
    if (req.method() === 'POST')
      posts.push({
        url: req.url(),
        body: JSON.parse(req.postData() ?? '{}') as { n: string; u: string },
      })
  })
  const page = await context.newPage()
  const port = (site.address() as AddressInfo).port
  await page.goto(`http://shop.test:${port}/product?ref7=crm-a`)
  await page.waitForFunction('typeof ga7 === "function" && ga7.l === 1')
  await page.evaluate("ga7('Add to cart', { props: { sku: 'A1' } })")
  await settle(500)
  expect(page.url()).toBe(`http://shop.test:${port}/product`)
  expect(posts.map((p) => [p.url, p.body.n])).toEqual([
    [`http://stats.test:${server.port}/x/e`, 'pageview'],
    [`http://stats.test:${server.port}/x/e`, 'Queued'],
    [`http://stats.test:${server.port}/x/e`, 'Add to cart'],
  ])
  expect(posts[0]?.body).toMatchObject({ sg: 'crm-a', u: `http://shop.test:${port}/product` })
  await context.close()
})
