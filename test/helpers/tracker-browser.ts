import { serve, type ServerType } from '@hono/node-server'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './chromium'
import { parseSiteSettings, type SiteSettingsInput } from '../../server/sites/settings'
import { createSite, saveSite } from '../../server/sites/sites'
import { createTestApp, type TestApp } from './app'
import { buildTrackerVariants } from './tracker-build'
import { DEVICE_PROBE } from './tracker-probe'

/** A first-party proxy path on the test site (for data-api); posts to it are recorded. */
export const PROXY_PATH = '/stats/event'

/** Host names the browser resolves to 127.0.0.1: the tracker ignores localhost. */
export const HOSTS = ['site.test', 'stats.test', 'other.test']

/** One event as the tracker posted it, with the request's content type. */
export interface Hit {
  n: string
  u: string
  d: string
  r?: string
  p?: Record<string, unknown>
  $?: { amount: number | string; currency: string }
  i?: boolean
  h?: number
  e?: number
  sd?: number
  sg?: string
  contentType: string | null
}

export interface Visit {
  page: Page
  context: BrowserContext
  /** Events posted to the collect path, in order. */
  hits: Hit[]
  /** Every request URL the page made (documents, scripts, collect posts). */
  requests: string[]
  /** Console messages of type error and uncaught page errors. */
  errors: string[]
  /** Waits until `count` hits named `name` (any name: undefined) arrived; returns them. */
  waitForHits(count: number, name?: string, timeoutMs?: number): Promise<Hit[]>
  named(name: string): Hit[]
}

export interface Harness {
  t: TestApp
  /** http://stats.test:<port> — the analytics server. */
  stats: string
  /** http://site.test:<port> — the static test site. */
  site: string
  sitePort: number
  /** Pages of the static site by path; '*' answers any other path. */
  pages: Map<string, string>
  /** Creates a site (by domain) with the given settings. */
  addSite(domain: string, settings?: SiteSettingsInput): Promise<void>
  visit(options?: VisitOptions): Promise<Visit>
  close(): Promise<void>
}

export interface VisitOptions {
  /** Keep Playwright's navigator.webdriver = true (the tracker then stays silent). */
  webdriver?: boolean
  /** Define navigator.globalPrivacyControl = true. */
  gpc?: boolean
  /** Define navigator.doNotTrack = '1'. */
  dnt?: boolean
  /** Record the page's use of device state in window.__touched (see tracker-probe.ts). */
  probe?: boolean
  /** More init scripts, run before the page's own. */
  init?: string[]
}

/**
 * The server in-process on a real port (the app, store and the built tracker variants as
 * `npm start` serves them), a static site on another port, and headless Chromium with the
 * test host names mapped to 127.0.0.1. Collect posts are recorded as they arrive.
 */
export async function startHarness(
  env: Record<string, string> = {},
  options: { bfcache?: boolean } = {},
): Promise<Harness> {
  buildTrackerVariants()
  const t = await createTestApp({ now: Date.now(), env })
  const config = t.services.deps.config
  // Collect posts are recorded where they arrive and answered 202 (the collector itself is
  // tested on its own), so keepalive requests sent while a page unloads are seen too.
  const received: Hit[] = []
  const record = (body: string, contentType: string | null) =>
    received.push({ ...(JSON.parse(body) as Omit<Hit, 'contentType'>), contentType })
  const collectPaths = new Set([config.COLLECT_PATH, PROXY_PATH])
  const api: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: async (req: Request) => {
          if (req.method !== 'POST' || !collectPaths.has(new URL(req.url).pathname))
            return t.app.fetch(req)
          record(await req.text(), req.headers.get('content-type'))
          return new Response(null, {
            status: 202,
            headers: { 'access-control-allow-origin': '*' },
          })
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    )
  })
  const pages = new Map<string, string>()
  const static_: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (req.method === 'POST' && path === PROXY_PATH) {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        record(body, req.headers['content-type'] ?? null)
        res.writeHead(202).end()
      })
      return
    }
    if (/\.(pdf|zip)$/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('file')
      return
    }
    const html = pages.get(path) ?? pages.get('*')
    if (html === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => static_.listen(0, '127.0.0.1', resolve))
  const apiPort = (api.address() as AddressInfo).port
  const sitePort = (static_.address() as AddressInfo).port
  const browser: Browser = await launchChromium({
    hosts: HOSTS,
    // Playwright turns the back-forward cache off by default; the bfcache test needs it.
    ignoreDefaultArgs: options.bfcache ? ['--disable-back-forward-cache'] : [],
  })
  const stats = `http://stats.test:${apiPort}`
  const contexts: BrowserContext[] = []

  return {
    t,
    stats,
    site: `http://site.test:${sitePort}`,
    sitePort,
    pages,
    async addSite(domain, settings = {}) {
      const site = await createSite(
        t.services.deps.store,
        { domain, timezone: 'Europe/Berlin', ownerId: 'owner' },
        Date.now(),
      )
      site.settings = parseSiteSettings(JSON.stringify(settings))
      await saveSite(t.services.deps.store, site, Date.now() + 1)
    },
    async visit(options = {}) {
      const context = await browser.newContext()
      contexts.push(context)
      if (!options.webdriver)
        await context.addInitScript(() =>
          Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }),
        )
      if (options.gpc)
        await context.addInitScript(() =>
          Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
        )
      if (options.dnt)
        await context.addInitScript(() =>
          Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
        )
      if (options.probe) await context.addInitScript(DEVICE_PROBE)
      for (const script of options.init ?? []) await context.addInitScript(script)
      const first = received.length
      const hits = {
        get list() {
          return received.slice(first)
        },
      }
      const errors: string[] = []
      const page = await context.newPage()
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
      const requests: string[] = []
      context.on('request', (req) => requests.push(req.url()))
      const named = (name: string) => hits.list.filter((x) => x.n === name)
      return {
        page,
        context,
        get hits() {
          return hits.list
        },
        requests,
        errors,
        named,
        async waitForHits(count, name, timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs
          const list = () => (name === undefined ? hits.list : named(name))
          while (list().length < count && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 25))
          return list()
        },
      }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined)
      await browser.close()
      await new Promise((resolve) => static_.close(resolve))
      await new Promise((resolve) => api.close(resolve))
      await t.cleanup()
    },
  }
}

/** Waits a moment in which a wrongly sent event would have arrived. */
export function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

export interface PageOptions {
  domain?: string
  /** Leave data-domain out (the script then reports location.hostname). */
  noDomain?: boolean
  body?: string
  head?: string
  attrs?: string
  scriptPath?: string
}

/** The tracker's script tag for a test page. */
export function scriptTag(h: Harness, options: PageOptions = {}): string {
  const domain = options.domain ?? 'site.test'
  const src = `${h.stats}${options.scriptPath ?? h.t.services.deps.config.TRACKER_PATH}?d=${domain}`
  const name = options.noDomain ? '' : `data-domain="${domain}"`
  return `<script defer ${name} ${options.attrs ?? ''} src="${src}"></script>`
}

/** A test page carrying the tracker snippet. */
export function page(h: Harness, options: PageOptions = {}): string {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test</title>${options.head ?? ''}
${scriptTag(h, options)}</head><body>${options.body ?? '<p>Hello</p>'}</body></html>`
}
