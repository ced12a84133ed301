import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { unzipSync, strFromU8 } from 'fflate'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { axeViolations, SITE, startFixture, type Fixture } from '../../helpers/dashboard-browser'

let f: Fixture
let shareUrl = ''
beforeAll(async () => {
  f = await startFixture()
  const res = await fetch(`${f.server.url}/api/sites/${SITE}/shared-link`, {
    method: 'POST',
    headers: f.api,
    body: '{}',
  })
  shareUrl = ((await res.json()) as { url: string }).url
}, 180_000)
afterAll(async () => {
  if (f?.server.output().includes('[server exited')) console.error(f.server.output().slice(-5000))
  await f?.close()
})

const T = 120_000
const SHOTS = 'test-results/screenshots'

interface Screen {
  name: string
  path: () => string
  ready: string
  loggedIn: boolean
}
const SCREENS: Screen[] = [
  { name: 'login', path: () => '/', ready: 'input[name=email]', loggedIn: false },
  { name: 'sites', path: () => '/', ready: '.site-card [data-visitors]', loggedIn: true },
  { name: 'new-site', path: () => '/sites/new', ready: 'input[name=domain]', loggedIn: true },
  {
    name: 'dashboard',
    path: () => `/sites/${SITE}`,
    ready: '[data-panel="pages"] .row',
    loggedIn: true,
  },
  {
    name: 'settings',
    path: () => `/sites/${SITE}/settings?tab=tracking`,
    ready: '[data-snippet]',
    loggedIn: true,
  },
  {
    name: 'shared',
    path: () => new URL(shareUrl).pathname,
    ready: '[data-panel="pages"] .row',
    loggedIn: false,
  },
  { name: 'account', path: () => '/account', ready: '#sessions-title ~ * table', loggedIn: true },
  { name: 'admin', path: () => '/admin', ready: '[data-audit] tbody tr', loggedIn: true },
]

/** Waits for the screen; on a timeout the error carries what the page showed instead. */
async function waitReady(page: Page, screen: Screen) {
  try {
    await page.waitForSelector(screen.ready, { timeout: 20_000 })
  } catch (e) {
    const text = await page.evaluate(() => document.body.innerText)
    throw new Error(
      `${screen.name} not ready: ${String(e)}\n--- page ---\n${text}\n--- server ---\n${f.server.output().slice(-3000)}`,
    )
  }
  await page.waitForLoadState('networkidle')
}

async function open(screen: Screen, width = 1280): Promise<{ page: Page; ctx: BrowserContext }> {
  const ctx = screen.loggedIn
    ? await f.loggedIn({ width, height: 900 })
    : await f.browser.newContext({ viewport: { width, height: 900 } })
  const page = await ctx.newPage()
  await page.goto(f.server.url + screen.path())
  await waitReady(page, screen)
  return { page, ctx }
}

describe('dashboard quality', () => {
  test.each(SCREENS)(
    'axe-core finds no serious or critical violation on $name (light and dark)',
    async (screen) => {
      const { page, ctx } = await open(screen)
      expect(await axeViolations(page)).toEqual([])
      await page.emulateMedia({ colorScheme: 'dark' })
      expect(await axeViolations(page)).toEqual([])
      await ctx.close()
    },
    T,
  )

  test(
    'no request leaves the dashboard origin and nothing breaks the CSP on any main screen',
    async () => {
      const origins = new Set<string>()
      const cspViolations: string[] = []
      for (const screen of SCREENS) {
        const ctx = screen.loggedIn ? await f.loggedIn() : await f.browser.newContext()
        const page = await ctx.newPage()
        page.on('console', (m) => {
          if (m.text().includes('Content Security Policy')) cspViolations.push(m.text())
        })
        page.on('request', (r) => {
          const u = new URL(r.url())
          if (u.protocol !== 'data:' && u.protocol !== 'blob:') origins.add(u.origin)
        })
        await page.goto(f.server.url + screen.path())
        await waitReady(page, screen)
        await ctx.close()
      }
      expect([...origins]).toEqual([f.server.url])
      expect(cspViolations).toEqual([])
    },
    T,
  )

  test.each(SCREENS)(
    '$name fits 360 px without sideways scrolling',
    async (screen) => {
      const { page, ctx } = await open(screen, 360)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width).toBeLessThanOrEqual(360)
      await ctx.close()
    },
    T,
  )

  test(
    'a panel row is reachable and usable with the keyboard',
    async () => {
      const { page, ctx } = await open(SCREENS[3] as Screen)
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
      const tab = page.locator('[data-panel="pages"] [role="tab"][aria-selected="true"]')
      await tab.focus()
      await page.keyboard.press('ArrowRight')
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe(
        'true',
      )
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Entry pages')
      await page.locator('[data-panel="devices"] .row').first().focus()
      await page.keyboard.press('Enter')
      await page.waitForSelector('.chip[data-filter="visit:device"]')
      await ctx.close()
    },
    T,
  )

  test(
    'the ZIP export holds a CSV per panel tab plus top stats and the graph',
    async () => {
      const { page, ctx } = await open(SCREENS[3] as Screen)
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-export="zip"]'),
      ])
      const files = unzipSync(readFileSync((await download.path()) ?? ''))
      const names = Object.keys(files).sort()
      expect(names).toContain('top-stats.csv')
      expect(names).toContain('graph.csv')
      expect(names).toContain('sources-channels.csv')
      expect(names).toContain('pages-top.csv')
      expect(names).toContain('devices-os_version.csv')
      const top = strFromU8(files['top-stats.csv'] ?? new Uint8Array())
      expect(top.split('\r\n')[0]).toBe(
        'visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration',
      )
      expect(top.split('\r\n')[1]?.startsWith('12,')).toBe(true)
      await ctx.close()
    },
    T,
  )

  test(
    'the embed URL renders inside an iframe on another site; the plain shared link does not',
    async () => {
      const host = createServer((req, res) => {
        const embed = req.url === '/embed'
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end(
          `<!doctype html><title>Host</title><iframe id="stats" width="1000" height="800" src="${shareUrl}${embed ? '?embed=1' : ''}"></iframe>`,
        )
      })
      await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()))
      const address = host.address()
      const hostUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
      const ctx = await f.browser.newContext()
      try {
        const page = await ctx.newPage()
        await page.goto(`${hostUrl}/embed`)
        const frame = page.frameLocator('#stats')
        await frame.locator('[data-metric="visitors"] .stat-value').waitFor({ timeout: 20_000 })
        expect(await frame.locator('[data-metric="visitors"] .stat-value').textContent()).toBe('12')
        // Embed mode leaves out the page header.
        expect(await frame.locator('.app-header').count()).toBe(0)

        await page.goto(`${hostUrl}/plain`)
        // Given the time the embed needed to render, a frame that was allowed would show stats.
        await page.waitForLoadState('networkidle')
        await page.waitForTimeout(1500)
        const framed = page.frames().find((fr) => fr.url().startsWith(shareUrl))
        const shown = framed ? await framed.locator('[data-metric]').count() : 0
        expect(shown).toBe(0)
      } finally {
        await ctx.close()
        await new Promise((r) => host.close(r))
      }
    },
    T,
  )

  test(
    'screenshots of the main screens: desktop and 360 px, light and dark',
    async () => {
      mkdirSync(SHOTS, { recursive: true })
      for (const screen of SCREENS.filter((s) => s.name !== 'new-site'))
        for (const width of [1280, 360])
          for (const scheme of ['light', 'dark'] as const) {
            const ctx = screen.loggedIn
              ? await f.loggedIn({ width, height: 900 })
              : await f.browser.newContext({ viewport: { width, height: 900 } })
            const page = await ctx.newPage()
            await page.emulateMedia({ colorScheme: scheme })
            await page.goto(f.server.url + screen.path())
            await waitReady(page, screen)
            const file = `${SHOTS}/${screen.name}-${width}-${scheme}.png`
            await page.screenshot({ path: file, fullPage: true })
            // UPDATE_SCREENSHOTS=1 refreshes the README's copies in docs/screenshots/.
            if (process.env.UPDATE_SCREENSHOTS === '1' && screen.name === 'dashboard') {
              mkdirSync('docs/screenshots', { recursive: true })
              copyFileSync(file, `docs/screenshots/dashboard-${width}-${scheme}.png`)
            }
            await ctx.close()
          }
      expect(readFileSync(`${SHOTS}/dashboard-360-dark.png`).length).toBeGreaterThan(10_000)
    },
    T,
  )
})
