import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './chromium'
import { seedSite } from './dashboard-seed'
import { OWNER, startDashboardServer, type DashboardServer } from './dashboard-server'

export const SITE = 'shop.example.de'
export const SEEDED_VISITORS = 12

export interface Fixture {
  server: DashboardServer
  browser: Browser
  /** Headers of a logged-in API session, for reading the Stats API directly. */
  api: Record<string, string>
  query<T = QueryAnswer>(body: Record<string, unknown>): Promise<T>
  /** A browser context logged in as the owner. */
  loggedIn(options?: { width?: number; height?: number }): Promise<BrowserContext>
  close(): Promise<void>
}

export interface QueryAnswer {
  results: Array<{ metrics: number[]; dimensions: string[] }>
  meta: Record<string, unknown>
}

/**
 * The built server with one site seeded through the collect endpoint, and Chromium.
 * Waits (bounded) until the Stats API counts every seeded visitor.
 */
export async function startFixture(): Promise<Fixture> {
  const server = await startDashboardServer()
  const browser = await launchChromium().catch(async (e: unknown) => {
    await server.stop()
    throw e
  })
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const api = { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }
  const query = async <T>(body: Record<string, unknown>): Promise<T> => {
    const res = await fetch(`${server.url}/api/v2/query`, {
      method: 'POST',
      headers: api,
      body: JSON.stringify({ site_id: SITE, ...body }),
    })
    if (!res.ok) throw new Error(`query ${res.status}: ${await res.text()}`)
    return (await res.json()) as T
  }
  await fetch(`${server.url}/api/sites`, {
    method: 'POST',
    headers: api,
    body: JSON.stringify({ domain: SITE, timezone: 'Europe/Berlin' }),
  })
  const statuses = await seedSite(server.url, SITE)
  if (statuses.some((s) => s !== 202)) throw new Error(`collect answered ${statuses.join(',')}`)
  for (let i = 0; i < 300; i++) {
    const r = await query<QueryAnswer>({ metrics: ['visitors'], date_range: '28d' })
    if (r.results[0]?.metrics[0] === SEEDED_VISITORS) break
    await new Promise((res) => setTimeout(res, 200))
  }
  return {
    server,
    browser,
    api,
    query,
    async loggedIn({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height } })
      const [name, value] = cookie.split('=')
      await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }])
      return context
    },
    async close() {
      await browser.close()
      await server.stop()
    },
  }
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

/** Runs axe-core in the page (through the debugging protocol, so the CSP does not block it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE)
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    "axe.run(document, { resultTypes: ['violations'] })",
  )
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }))
}
