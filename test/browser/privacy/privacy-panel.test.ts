import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { axeViolations, SITE, startFixture, type Fixture } from '../../helpers/dashboard-browser'
import { OWNER } from '../../helpers/dashboard-server'
import { parseCsv } from '../../helpers/privacy-csv'

let f: Fixture
beforeAll(async () => {
  f = await startFixture()
}, 180_000)
afterAll(() => f?.close())

const T = 90_000
const panelUrl = () => `${f.server.url}/sites/${SITE}/settings?tab=privacy`
const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
  const res = await fetch(`${f.server.url}${path}`, {
    method,
    headers: f.api,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await res.json()) as T
}

describe('privacy panel in Chromium', () => {
  test(
    'shows retention and what is stored from the real database, without accessibility faults',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(panelUrl())
      await page.waitForSelector('#privacy-retention')
      expect(await page.textContent('.privacy-panel')).toContain(
        'Raw events and visits are kept for 25 months, then deleted automatically.',
      )
      await page.waitForSelector('[data-table="events"]')
      const stored = await api<{ tables: Array<{ name: string; rows: number }> }>(
        `/api/sites/${SITE}/privacy/stored`,
      )
      const events = stored.tables.find((t) => t.name === 'events')
      expect(events?.rows).toBeGreaterThan(0)
      expect(await page.textContent('[data-table="events"] summary')).toContain(
        `events — ${events?.rows} rows, kept by timestamp`,
      )
      await page.click('[data-table="events"] summary')
      expect(await page.textContent('[data-table="events"] table')).toContain('visitor_id')
      expect(await page.locator('[data-never-stored] li').allTextContents()).toEqual([
        'the IP address',
        'the User-Agent string',
        'cookies — none are set',
        'anything on the visitor’s device (no localStorage, sessionStorage or IndexedDB) and no device fingerprint',
      ])
      expect(await axeViolations(page)).toEqual([])
      await context.close()
    },
    T,
  )

  test(
    'the raw export downloads exactly the site’s events as CSV',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(panelUrl())
      await page.waitForSelector('[data-export-raw]')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-export-raw]'),
      ])
      expect(download.suggestedFilename()).toMatch(
        new RegExp(
          `^spur-${SITE.replace(/\./g, '\\.')}-events-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`,
        ),
      )
      const [header, ...rows] = parseCsv(readFileSync((await download.path()) ?? '', 'utf8'))
      expect(header?.slice(0, 3)).toEqual(['site_id', 'timestamp', 'name'])
      const pageviews = await f.query({ metrics: ['pageviews', 'events'], date_range: '30d' })
      const [views, all] = pageviews.results[0]?.metrics ?? []
      expect(rows.filter((r) => r[2] === 'pageview')).toHaveLength(views ?? -1)
      expect(rows.length).toBeGreaterThanOrEqual(all ?? Infinity)
      await context.close()
    },
    T,
  )

  test(
    'turning privacy signals off changes the setting and the generated policy',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(panelUrl())
      const box = page.locator('input[name=honourPrivacySignals]')
      await box.waitFor()
      expect(await box.isChecked()).toBe(true)
      await box.uncheck()
      await page.click('form[aria-labelledby=privacy-choices] button[type=submit]')
      await expect
        .poll(
          async () =>
            (
              await api<{ site: { settings: { honourPrivacySignals: boolean } } }>(
                `/api/sites/${SITE}`,
              )
            ).site.settings.honourPrivacySignals,
        )
        .toBe(false)
      const printable = await context.newPage()
      const response = await printable.goto(
        `${f.server.url}/api/sites/${SITE}/privacy/texts/policy/en?format=html`,
      )
      expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'/)
      expect(await printable.textContent('body')).toContain(
        'The analytics script does not evaluate Global Privacy Control (GPC) or Do Not Track (DNT) signals',
      )
      // Back on, as the other tests expect.
      await box.check()
      await page.click('form[aria-labelledby=privacy-choices] button[type=submit]')
      await expect
        .poll(
          async () =>
            (
              await api<{ site: { settings: { honourPrivacySignals: boolean } } }>(
                `/api/sites/${SITE}`,
              )
            ).site.settings.honourPrivacySignals,
        )
        .toBe(true)
      await context.close()
    },
    T,
  )

  test(
    'shortening retention is scheduled with the password, shown as pending, and cancelled',
    async () => {
      const context = await f.loggedIn()
      const page = await context.newPage()
      await page.goto(panelUrl())
      const months = page.locator('section[aria-labelledby=privacy-retention] input[type=number]')
      await months.fill('6')
      await page.fill(
        'section[aria-labelledby=privacy-retention] input[type=password]',
        'wrong password!',
      )
      await page.click('section[aria-labelledby=privacy-retention] button[type=submit]')
      await expect
        .poll(() => page.textContent('section[aria-labelledby=privacy-retention] [role=status]'))
        .toContain('password')
      await page.fill(
        'section[aria-labelledby=privacy-retention] input[type=password]',
        OWNER.password,
      )
      await page.click('section[aria-labelledby=privacy-retention] button[type=submit]')
      await page.waitForSelector('[data-pending-retention]')
      expect(await page.textContent('[data-pending-retention]')).toMatch(
        /Shortening to 6 months is scheduled for /,
      )
      const status = await api<{
        retentionMonths: number
        pendingChange: { retentionMonths: number } | null
      }>(`/api/sites/${SITE}/privacy/retention`)
      expect(status.retentionMonths).toBe(25)
      expect(status.pendingChange?.retentionMonths).toBe(6)
      await page.click('[data-pending-retention] button')
      await page.waitForSelector('[data-pending-retention]', { state: 'detached' })
      expect(
        (await api<{ pendingChange: unknown }>(`/api/sites/${SITE}/privacy/retention`))
          .pendingChange,
      ).toBeNull()
      await context.close()
    },
    T,
  )
})
