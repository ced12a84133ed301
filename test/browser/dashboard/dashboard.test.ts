import { readFileSync } from 'node:fs'
import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  axeViolations,
  SEEDED_VISITORS,
  SITE,
  startFixture,
  type Fixture,
} from '../../helpers/dashboard-browser'
import { sendHit } from '../../helpers/dashboard-seed'
import { OWNER } from '../../helpers/dashboard-server'
import { Secret, TOTP } from 'otpauth'

// Answers under load (scrypt, a busy embedded store) may take seconds.
const POLL = { timeout: 15_000 }
let f: Fixture
beforeAll(async () => {
  f = await startFixture()
}, 180_000)
afterAll(() => f?.close())

const T = 90_000
const statValue = (page: Page, metric: string) =>
  page.locator(`[data-metric="${metric}"] .stat-value`).getAttribute('data-value')
const dashboardUrl = (qs = '') => `${f.server.url}/sites/${SITE}${qs}`

/** The Stats API bodies the page sends from now on. */
function recordQueries(page: Page): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = []
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/api/v2/query'))
      bodies.push(JSON.parse(r.postData() ?? '{}') as Record<string, unknown>)
  })
  return bodies
}

describe('dashboard in Chromium', () => {
  test(
    'log in through the form and read top stats that match the Stats API',
    async () => {
      const context = await f.browser.newContext()
      const page = await context.newPage()
      await page.goto(f.server.url)
      await page.fill('input[name=email]', OWNER.email)
      await page.fill('input[name=password]', 'wrong password!')
      await page.click('button[type=submit]')
      await expect
        .poll(() => page.textContent('#login-error'), POLL)
        .toBe('E-mail or password is wrong')
      await page.fill('input[name=password]', OWNER.password)
      await page.click('button[type=submit]')
      await page.click(`.site-card a`)
      await page.waitForSelector('[data-metric="visitors"] .stat-value')

      const api = await f.query({
        metrics: [
          'visitors',
          'visits',
          'pageviews',
          'views_per_visit',
          'bounce_rate',
          'visit_duration',
        ],
        date_range: '28d',
      })
      const expected = api.results[0]?.metrics ?? []
      expect(expected[0]).toBe(SEEDED_VISITORS)
      const shown = await Promise.all(
        ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'].map(
          (m) => statValue(page, m),
        ),
      )
      expect(shown.map(Number)).toEqual(expected)
      expect(await page.textContent('[data-metric="visitors"] .stat-value')).toBe('12')
      await context.close()
    },
    T,
  )

  test(
    'clicking a source filters every panel; Back removes the filter again',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.click('[data-panel="sources"] [role="tab"]:has-text("Sources")')
      await page.waitForSelector('[data-panel="sources"] .row:has-text("Google")')
      const bodies = recordQueries(page)
      await page.click('[data-panel="sources"] .row:has-text("Google")')
      await page.waitForSelector('.chip[data-filter="visit:source"]')
      expect(new URL(page.url()).searchParams.getAll('f')).toEqual(['is,visit:source,Google'])

      const google = await f.query({
        metrics: ['visitors'],
        date_range: '28d',
        filters: [['is', 'visit:source', ['Google']]],
      })
      await expect
        .poll(() => statValue(page, 'visitors'), POLL)
        .toBe(String(google.results[0]?.metrics[0]))
      expect(google.results[0]?.metrics[0]).toBe(3)
      // Every panel asked again, each with the filter (current visitors ignore filters by design).
      await page.waitForLoadState('networkidle')
      const panelQueries = bodies.filter(
        (b) => Array.isArray(b.dimensions) && b.dimensions.length > 0,
      )
      const dims = new Set(panelQueries.map((b) => (b.dimensions as string[]).join('+')))
      for (const d of [
        'visit:source',
        'event:page',
        'visit:country',
        'visit:device',
        'event:goal',
        'time:day',
      ])
        expect(dims).toContain(d)
      for (const b of panelQueries) expect(b.filters).toEqual([['is', 'visit:source', ['Google']]])

      await page.goBack()
      await page.waitForSelector('.chip', { state: 'detached' })
      await expect.poll(() => statValue(page, 'visitors'), POLL).toBe(String(SEEDED_VISITORS))
      await page.goForward()
      await page.waitForSelector('.chip[data-filter="visit:source"]')
      await context.close()
    },
    T,
  )

  test(
    'the filter bar adds an "is not" filter with suggested values, combined with a clicked one',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl('?f=contains,event:page,%2F'))
      await page.waitForSelector('.chip[data-filter="event:page"]')
      await page.getByRole('button', { name: '+ Add filter' }).click()
      await page.getByLabel('Property').selectOption('visit:browser')
      await page.getByLabel('Condition').selectOption('is_not')
      await expect
        .poll(() => page.locator('#filter-suggestions option').count(), POLL)
        .toBeGreaterThan(1)
      await page.getByLabel('Value').fill('Chrome')
      await page.getByRole('button', { name: 'Apply filter' }).click()
      await page.waitForSelector('.chip[data-filter="visit:browser"]')
      expect(await page.textContent('.chip[data-filter="visit:browser"] span')).toBe(
        'Browser is not Chrome',
      )
      const api = await f.query({
        metrics: ['visitors'],
        date_range: '28d',
        filters: [
          ['contains', 'event:page', ['/']],
          ['is_not', 'visit:browser', ['Chrome']],
        ],
      })
      await expect
        .poll(() => statValue(page, 'visitors'), POLL)
        .toBe(String(api.results[0]?.metrics[0]))
      expect(api.results[0]?.metrics[0]).toBe(8)
      await page.getByRole('button', { name: 'Remove filter Browser is not Chrome' }).click()
      await expect.poll(() => statValue(page, 'visitors'), POLL).toBe(String(SEEDED_VISITORS))
      await context.close()
    },
    T,
  )

  test(
    'changing range and comparison updates the URL, and a copied URL reopens the view',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.waitForSelector('[data-metric="visitors"] .stat-value')
      await page.selectOption('select[data-control="period"]', '7d')
      await page.selectOption('select[data-control="compare"]', 'previous_period')
      await page.waitForSelector('[data-metric="visitors"] .stat-prev')
      const url = new URL(page.url())
      expect(url.searchParams.get('period')).toBe('7d')
      expect(url.searchParams.get('compare')).toBe('previous_period')
      const api = await f.query({
        metrics: ['visitors'],
        date_range: '7d',
        include: { comparisons: { mode: 'previous_period' } },
      })
      const prev = (api.results[0] as { comparison?: { metrics: number[] } }).comparison?.metrics[0]
      expect(await page.textContent('[data-metric="visitors"] .stat-prev')).toBe(String(prev))

      const copy = await context.newPage()
      await copy.goto(page.url())
      expect(await copy.inputValue('select[data-control="period"]')).toBe('7d')
      expect(await copy.inputValue('select[data-control="compare"]')).toBe('previous_period')
      await copy.waitForSelector('[data-metric="visitors"] .stat-prev')
      await context.close()
    },
    T,
  )

  test(
    'switching to German translates the screen and formats numbers the German way',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.waitForSelector('[data-metric="visitors"] .stat-value')
      await page.selectOption('select[data-control="locale"]', 'de')
      await page.waitForSelector('text=Eindeutige Besucher')
      expect(await page.getAttribute('html', 'lang')).toBe('de')
      expect(await page.textContent('[data-panel="pages"] h2')).toBe('Seiten')
      expect(await page.textContent('.range-text')).toMatch(/^\d{1,2}\. \w+\.? \d{4} – /)
      // The choice is remembered on reload.
      await page.reload()
      await page.waitForSelector('text=Eindeutige Besucher')
      await context.close()
    },
    T,
  )

  test(
    'a panel exported as CSV holds exactly what the Stats API answers',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.click('[data-panel="sources"] [role="tab"]:has-text("Sources")')
      await page.waitForSelector('[data-panel="sources"] .row:has-text("Google")')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-export="sources-sources"]'),
      ])
      const csv = readFileSync((await download.path()) ?? '', 'utf8')
      expect(download.suggestedFilename()).toMatch(
        /^shop\.example\.de_sources-sources_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
      )
      const api = await f.query({
        metrics: ['visitors'],
        dimensions: ['visit:source'],
        date_range: '28d',
        order_by: [['visitors', 'desc']],
      })
      const rows = api.results.map((r) => `${r.dimensions[0]},${r.metrics[0]}`)
      expect(csv).toBe(['visit:source,visitors', ...rows].join('\r\n') + '\r\n')
      expect(rows).toContain('Google,3')
      await context.close()
    },
    T,
  )

  test(
    'a shared link opens read-only for a logged-out visitor',
    async () => {
      const owner = await f.loggedIn()
      const page = await owner.newPage()
      await page.goto(dashboardUrl('/settings?tab=sharing'))
      await page.click('button.btn-primary:has-text("shared link")')
      const link = await page.inputValue('[data-share-url]')
      expect(link).toMatch(/\/share\/[\w-]{32}$/)
      await owner.close()

      const visitor = await f.browser.newContext()
      const pub = await visitor.newPage()
      await pub.goto(link)
      await pub.waitForSelector('[data-metric="visitors"] .stat-value')
      expect(await statValue(pub, 'visitors')).toBe(String(SEEDED_VISITORS))
      expect(await pub.locator('text=Settings').count()).toBe(0)
      expect((await visitor.cookies()).length).toBe(0)
      await visitor.close()
    },
    T,
  )

  test(
    'the realtime count goes up after a pageview is sent',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl('?period=realtime'))
      const counter = page.locator('[data-realtime-visitors]')
      await counter.waitFor()
      const before = Number(await counter.getAttribute('data-realtime-visitors'))
      expect(
        await sendHit(f.server.url, SITE, { url: `https://${SITE}/live`, ip: '198.51.100.77' }),
      ).toBe(202)
      await expect
        .poll(async () => Number(await counter.getAttribute('data-realtime-visitors')), {
          timeout: 30_000,
          interval: 1000,
        })
        .toBe(before + 1)
      await context.close()
    },
    T,
  )

  test(
    'goals and a funnel show conversions and step-by-step visitors as the API counts them',
    async () => {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${f.server.url}/api/sites/${SITE}${path}`, {
          method: 'POST',
          headers: f.api,
          body: JSON.stringify(body),
        })
        expect(res.status).toBeLessThan(300)
        return (await res.json()) as Record<string, { id: string }>
      }
      const home = await post('/goals', { kind: 'page', pagePath: '/', displayName: 'Home' })
      const pricing = await post('/goals', {
        kind: 'page',
        pagePath: '/pricing',
        displayName: 'Pricing',
      })
      const { funnel } = await post('/funnels', {
        name: 'Home to pricing',
        steps: [home.goal?.id, pricing.goal?.id],
      })
      const res = await fetch(`${f.server.url}/api/sites/${SITE}/funnels/${funnel?.id}/query`, {
        method: 'POST',
        headers: f.api,
        body: JSON.stringify({ date_range: '28d' }),
      })
      const { steps } = (await res.json()) as { steps: Array<{ visitors: number }> }

      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.waitForSelector('.funnel tbody tr')
      const cells = await page.locator('.funnel tbody tr td:first-of-type').allTextContents()
      expect(cells).toEqual(steps.map((s) => String(s.visitors)))
      expect(steps.map((s) => s.visitors)).toEqual([12, 8])
      // Conversions of all goals together appear as a second row of top stats.
      await page.waitForSelector('.goal-stats .stat-value')
      const goals = await f.query({
        metrics: ['visitors'],
        date_range: '28d',
        filters: [['is', 'event:goal', ['Home', 'Pricing']]],
      })
      expect(await page.locator('.goal-stats .stat-value').first().textContent()).toBe(
        String(goals.results[0]?.metrics[0]),
      )
      await page.click('[data-panel="goals"] .row:has-text("Pricing")')
      await page.waitForSelector('.chip[data-filter="event:goal"]')
      await context.close()
    },
    T,
  )

  test(
    'the Locations map shades countries by visitors; a click or Enter on one filters by it',
    async () => {
      // The seeded visitors come from a documentation range; these addresses are placed by the
      // bundled GeoIP database (Germany twice, the United States once).
      for (const ip of ['193.99.144.80', '81.169.145.105', '8.8.8.8'])
        expect(await sendHit(f.server.url, SITE, { url: `https://${SITE}/`, ip })).toBe(202)
      const countries = async () =>
        (
          await f.query({ metrics: ['visitors'], date_range: '28d', dimensions: ['visit:country'] })
        ).results.filter((r) => r.dimensions[0])
      await expect.poll(async () => (await countries()).length, POLL).toBe(2)
      expect(
        Object.fromEntries((await countries()).map((r) => [r.dimensions[0], r.metrics[0]])),
      ).toEqual({ DE: 2, US: 1 })

      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.click('[data-panel="locations"] [role="tab"]:has-text("Map")')
      await page.waitForSelector('.world-map path.has-visitors')
      const shaded = await page.$$eval('.world-map path.has-visitors', (paths) =>
        paths.map((p) => [p.getAttribute('data-country'), p.getAttribute('fill-opacity')]),
      )
      // The most visited country is full strength; one with half its visitors 0.15 + 0.85·√½.
      expect(Object.fromEntries(shaded)).toEqual({ DE: '1.00', US: '0.75' })
      expect(await page.locator('.world-map path[data-country="FR"]').count()).toBe(1)
      expect(await page.getAttribute('.world-map path[data-country="FR"]', 'role')).toBeNull()
      expect(await axeViolations(page)).toEqual([])

      await page.hover('.world-map path[data-country="DE"]')
      await expect.poll(() => page.textContent('.map-caption'), POLL).toBe('Germany: 2 visitors')
      await page.click('.world-map path[data-country="DE"]')
      await page.waitForSelector('.chip[data-filter="visit:country"]')
      expect(new URL(page.url()).searchParams.getAll('f')).toEqual(['is,visit:country,DE'])
      await expect.poll(() => statValue(page, 'visitors'), POLL).toBe('2')

      await page.goBack()
      await page.waitForSelector('.chip', { state: 'detached' })
      await page.waitForSelector('.world-map path[data-country="US"].has-visitors')
      expect(await page.getAttribute('.world-map path[data-country="US"]', 'aria-label')).toBe(
        'United States: 1 visitor',
      )
      await page.focus('.world-map path[data-country="US"]')
      await page.keyboard.press('Enter')
      await page.waitForSelector('.chip[data-filter="visit:country"]')
      expect(new URL(page.url()).searchParams.getAll('f')).toEqual(['is,visit:country,US'])
      await context.close()
    },
    T,
  )

  test(
    'Back and Forward through custom ranges show the period and dates of each view in the range bar',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl())
      await page.waitForSelector('[data-metric="visitors"] .stat-value')
      const period = 'select[data-control="period"]'
      const from = '.custom-range input >> nth=0'
      const to = '.custom-range input >> nth=1'
      const apply = async (a: string, b: string) => {
        await page.fill(from, a)
        await page.fill(to, b)
        await page.click('.custom-range button[type=submit]')
        await page.waitForURL((u) => u.searchParams.get('from') === a)
      }
      await page.selectOption(period, 'custom')
      await apply('2025-01-01', '2025-01-31')
      await apply('2025-02-01', '2025-02-28')

      await page.goBack()
      await page.waitForSelector('.range-text[data-range="2025-01-01/2025-01-31"]')
      expect(await page.inputValue(from)).toBe('2025-01-01')
      expect(await page.inputValue(to)).toBe('2025-01-31')
      await page.goBack()
      await page.waitForSelector('.range-text:not([data-range^="2025-"])')
      expect(await page.inputValue(period)).toBe('28d')
      expect(await page.locator('.custom-range').count()).toBe(0)
      await page.goForward()
      await page.waitForSelector('.range-text[data-range="2025-01-01/2025-01-31"]')
      expect(await page.inputValue(period)).toBe('custom')
      expect(await page.inputValue(from)).toBe('2025-01-01')
      await context.close()
    },
    T,
  )

  test(
    'deleting a goal or funnel that is already gone shows the answer of the server in the settings',
    async () => {
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${f.server.url}/api/sites/${SITE}${path}`, {
          method,
          headers: f.api,
          ...(body !== undefined && { body: JSON.stringify(body) }),
        })
        expect(res.status).toBeLessThan(300)
        return (await res.json()) as { goal?: { id: string }; funnel?: { id: string } }
      }
      const one = await call('POST', '/goals', { kind: 'event', eventName: 'Brochure' })
      const two = await call('POST', '/goals', { kind: 'event', eventName: 'Callback' })
      const { funnel } = await call('POST', '/funnels', {
        name: 'Brochure to callback',
        steps: [one.goal?.id, two.goal?.id],
      })

      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(dashboardUrl('/settings?tab=funnels'))
      const removeFunnel = page.locator('button[aria-label="Delete funnel Brochure to callback"]')
      await removeFunnel.waitFor()
      // Another tab (or another owner) deleted it meanwhile.
      await call('DELETE', `/funnels/${funnel?.id}`)
      await removeFunnel.click()
      await expect
        .poll(() => page.textContent('.settings-body .error-text'), POLL)
        .toBe('No such funnel')
      await removeFunnel.waitFor({ state: 'detached' })

      await page.click('.settings-nav a:has-text("Goals")')
      const removeGoal = page.locator('button[aria-label="Delete goal Brochure"]')
      await removeGoal.waitFor()
      await call('DELETE', `/goals/${one.goal?.id}`)
      await removeGoal.click()
      await expect
        .poll(() => page.textContent('.settings-body .error-text'), POLL)
        .toBe('No such goal')
      await removeGoal.waitFor({ state: 'detached' })
      await call('DELETE', `/goals/${two.goal?.id}`)
      await context.close()
    },
    T,
  )

  // Last: it turns on two-factor authentication for the owner.
  test(
    'with two-factor authentication the login form asks for the code and accepts a recovery code',
    async () => {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(f.server.url + path, {
          method: 'POST',
          headers: f.api,
          body: JSON.stringify(body),
        })
        expect(res.status).toBeLessThan(300)
        return (await res.json()) as Record<string, unknown>
      }
      const setup = await post('/api/account/2fa/setup', { password: OWNER.password })
      const totp = new TOTP({ secret: Secret.fromBase32(String(setup.secret)) })
      const enabled = await post('/api/account/2fa/enable', { code: totp.generate() })
      const [recovery] = enabled.recoveryCodes as string[]

      const context = await f.browser.newContext()
      const page = await context.newPage()
      await page.goto(f.server.url)
      await page.fill('input[name=email]', OWNER.email)
      await page.fill('input[name=password]', OWNER.password)
      await page.click('button[type=submit]')
      await page.waitForSelector('input[name=code]')
      await page.fill('input[name=code]', '000000')
      await page.click('button[type=submit]')
      await expect
        .poll(() => page.textContent('#login-error'), POLL)
        .toBe('The code is wrong or was already used')
      await page.fill('input[name=code]', recovery ?? '')
      await page.click('button[type=submit]')
      await page.waitForSelector('.site-card')
      await context.close()
    },
    T,
  )
})
