import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AppEnv } from '../../../server/http/env'
import { trackerRoutes } from '../../../server/http/routes/tracker'
import { createSite, saveSite } from '../../../server/sites/sites'
import { parseSiteSettings } from '../../../server/sites/settings'
import { TRACKER_CACHE_CONTROL } from '../../../server/tracker/respond'
import { SITE_SNAPSHOT_TTL_MS } from '../../../server/tracker/site-snapshot'
import { createTestApp, type TestApp } from '../../helpers/app'
import { buildTrackerVariants } from '../../helpers/tracker-build'

// The script as the HTTP app serves it: encodings, caching, variants per site, renaming.

let t: TestApp
beforeAll(async () => {
  buildTrackerVariants()
  t = await createTestApp({ env: { TRACKER_ALIASES: '/lib/a.js,/lib/b.js' } })
  const store = t.services.deps.store
  const now = t.clock.now()
  const site = await createSite(store, { domain: 'shop.test', timezone: 'UTC', ownerId: 'u' }, now)
  site.settings = parseSiteSettings('{"trackerFeatures":["outbound"],"honourPrivacySignals":false}')
  site.aliases = ['shop-alias.test']
  await saveSite(store, site, now + 1)
})
afterAll(async () => t?.cleanup())

const get = (path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(t.app.request(path, { headers }))
const text = async (res: Response) => {
  const body = Buffer.from(await res.arrayBuffer())
  const enc = res.headers.get('content-encoding')
  return (
    enc === 'br' ? brotliDecompressSync(body) : enc === 'gzip' ? gunzipSync(body) : body
  ).toString()
}

describe('serving the script', () => {
  test.each([
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['', null],
  ])('Accept-Encoding %j → %s, with caching headers', async (accept, encoding) => {
    const res = await get('/js/script.js', { 'accept-encoding': accept })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBe(encoding)
    expect(res.headers.get('cache-control')).toBe(TRACKER_CACHE_CONTROL)
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}(-br|-gzip)?"$/)
    expect(res.headers.get('set-cookie')).toBeNull()
    const body = await text(res)
    expect(body).toContain('"/api/event"')
    expect(body).toContain('window')
    expect(body).not.toContain('%%')
  })

  test('a matching If-None-Match answers 304 without a body', async () => {
    const first = await get('/js/script.js', { 'accept-encoding': 'gzip' })
    const etag = first.headers.get('etag') ?? ''
    const again = await get('/js/script.js', { 'accept-encoding': 'gzip', 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    const stale = await get('/js/script.js', { 'if-none-match': '"old"' })
    expect(stale.status).toBe(200)
  })

  test('HEAD answers the headers only', async () => {
    const res = await Promise.resolve(t.app.request('/js/script.js', { method: 'HEAD' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })

  test('aliases serve the same script', async () => {
    const main = await text(await get('/js/script.js'))
    for (const alias of ['/lib/a.js', '/lib/b.js']) expect(await text(await get(alias))).toBe(main)
  })
})

describe('variants per site', () => {
  const hasOutbound = async (query: string) =>
    (await text(await get(`/js/script.js${query}`))).includes('Outbound Link: Click')
  const hasPrivacyCheck = async (query: string) =>
    (await text(await get(`/js/script.js${query}`))).includes('globalPrivacyControl')

  test.each([
    ['no site named', '', false, true],
    ['an unknown site', '?d=unknown.test', false, true],
    ['the site', '?d=shop.test', true, false],
    ['the site, other case and www.', '?d=WWW.Shop.test', true, false],
    ['an alias of the site', '?d=shop-alias.test', true, false],
  ])('%s → outbound %s, GPC check %s', async (_name, query, outbound, privacy) => {
    expect(await hasOutbound(query)).toBe(outbound)
    expect(await hasPrivacyCheck(query)).toBe(privacy)
  })

  test("the site's download extensions and path patterns are filled in", async () => {
    const store = t.services.deps.store
    const now = t.clock.now()
    const site = await createSite(
      store,
      { domain: 'docs.test', timezone: 'UTC', ownerId: 'u' },
      now,
    )
    site.settings = parseSiteSettings(
      JSON.stringify({
        trackerFeatures: ['downloads'],
        downloadExtensions: ['epub', 'mobi'],
        excludedPaths: ['/drafts/*'],
      }),
    )
    await saveSite(store, site, now + 1)
    t.clock.advance(SITE_SNAPSHOT_TTL_MS)
    await get('/js/script.js?d=docs.test')
    await new Promise((r) => setTimeout(r, 500))
    const body = await text(await get('/js/script.js?d=docs.test'))
    expect(body).toContain(String.raw`"\\.(epub|mobi)$"`)
    expect(body).toContain('"^/drafts/.*$"')
    expect(body).not.toContain('xlsx')
    expect(body).not.toContain('Outbound Link: Click')
  })

  test('a changed setting is served once the site list is reloaded', async () => {
    const store = t.services.deps.store
    const now = t.clock.now()
    const site = await createSite(
      store,
      { domain: 'later.test', timezone: 'UTC', ownerId: 'u' },
      now,
    )
    // Not yet known: the default variant.
    expect(await hasOutbound('?d=later.test')).toBe(false)
    site.settings = parseSiteSettings('{"trackerFeatures":["outbound"]}')
    await saveSite(store, site, now + 1)
    t.clock.advance(SITE_SNAPSHOT_TTL_MS)
    await get('/js/script.js?d=later.test') // starts the reload in the background
    await new Promise((r) => setTimeout(r, 500))
    expect(await hasOutbound('?d=later.test')).toBe(true)
  })
})

describe('renamed', () => {
  const renamed = () => {
    const deps = t.services.deps
    const config = {
      ...deps.config,
      TRACKER_PATH: '/assets/app-7.js',
      TRACKER_ALIASES: [],
      COLLECT_PATH: '/x/e',
      TRACKER_FUNCTION: 'ga7',
    }
    return new Hono<AppEnv>().route('/', trackerRoutes({ ...deps, config }))
  }

  test('serves at the new path with the new names and nothing recognisable', async () => {
    const app = renamed()
    const res = await Promise.resolve(app.request('/assets/app-7.js'))
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('"/x/e"')
    expect(body).toContain('["ga7"]')
    expect(body).not.toMatch(/spur|\/js\/script\.js|\/api\/event/i)
    expect((await Promise.resolve(app.request('/js/script.js'))).status).toBe(404)
  })
})
