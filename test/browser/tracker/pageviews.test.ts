import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  page,
  PROXY_PATH,
  scriptTag,
  settle,
  startHarness,
  type Harness,
  type Hit,
} from '../../helpers/tracker-browser'

// Pageviews, SPA navigation, the segment tag and every exclusion, in real headless Chromium
// against the built, minified script as the server serves it.

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await h.addSite('site.test')
  await h.addSite('hash.test', { trackerFeatures: ['hash'] })
  await h.addSite('nogpc.test', { honourPrivacySignals: false })
  await h.addSite('paths.test', { includedPaths: ['/blog/*'], excludedPaths: ['/blog/private*'] })
}, 120_000)
afterAll(async () => h?.close())

/** [name, path + search + hash] of each hit, for exact comparisons. */
const brief = (hits: Hit[]) =>
  hits.map((x) => {
    const u = new URL(x.u)
    return [x.n, u.pathname + u.search + u.hash]
  })

describe('a page view', () => {
  test('sends one pageview as text/plain and reads, stores and loads nothing else', async () => {
    h.pages.set('/plain', page(h))
    const v = await h.visit({ probe: true })
    await v.page.goto(`${h.site}/plain?q=1`, { referer: 'https://www.example.org/list' })
    const [hit] = await v.waitForHits(1, 'pageview')
    expect(hit).toEqual({
      n: 'pageview',
      u: `${h.site}/plain?q=1`,
      d: 'site.test',
      r: 'https://www.example.org/list',
      contentType: 'text/plain;charset=UTF-8',
    })
    // A custom event and an SPA navigation belong to the session, too.
    await v.page.evaluate("spur('Signup'); history.pushState({}, '', '/plain/next')")
    await v.waitForHits(2, 'pageview')
    await settle()
    expect(await v.page.evaluate<string[]>('window.__touched')).toEqual([])
    expect(await v.context.cookies()).toEqual([])
    expect(
      await v.page.evaluate(async () => ({
        cookie: document.cookie,
        local: localStorage.length,
        session: sessionStorage.length,
        idb: (await indexedDB.databases()).length,
      })),
    ).toEqual({ cookie: '', local: 0, session: 0, idb: 0 })
    const script = `${h.stats}/js/script.js?d=site.test`
    const collect = `${h.stats}/api/event`
    expect(v.requests).toEqual([`${h.site}/plain?q=1`, script, collect, collect, collect, collect])
    expect(brief(v.hits)).toEqual([
      ['pageview', '/plain?q=1'],
      ['Signup', '/plain?q=1'],
      ['engagement', '/plain?q=1'],
      ['pageview', '/plain/next'],
    ])
    expect(v.errors).toEqual([])
  })

  test('without data-domain the page host is the domain', async () => {
    h.pages.set('/nodomain', page(h, { noDomain: true }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/nodomain`)
    const [hit] = await v.waitForHits(1)
    expect(hit?.d).toBe('site.test')
    expect(await v.page.locator('script[data-domain]').count()).toBe(0)
  })

  test('a page that loads the script twice sends one pageview', async () => {
    h.pages.set('/twice', page(h, { head: scriptTag(h) }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/twice`)
    await v.waitForHits(1)
    expect(await v.page.locator('script[data-domain]').count()).toBe(2)
    await v.page.evaluate("spur('Once')")
    await settle()
    expect(brief(v.hits)).toEqual([
      ['pageview', '/twice'],
      ['Once', '/twice'],
    ])
  })

  test('a prerendered page counts only once it is shown', async () => {
    h.pages.set('/pre', page(h))
    const v = await h.visit({
      init: [
        `let pre = true
        Object.defineProperty(Document.prototype, 'prerendering', { get: () => pre })
        window.activate = () => { pre = false; document.dispatchEvent(new Event('prerenderingchange')) }`,
      ],
    })
    await v.page.goto(`${h.site}/pre`)
    await v.page.waitForFunction("typeof spur === 'function'")
    await settle()
    expect(v.hits).toEqual([])
    await v.page.evaluate('activate()')
    await v.waitForHits(1)
    await settle()
    expect(brief(v.hits)).toEqual([['pageview', '/pre']])
  })
})

describe('single-page apps', () => {
  test('pushState and popstate send a pageview per new path, never twice for one path', async () => {
    h.pages.set('*', page(h))
    const v = await h.visit()
    await v.page.goto(`${h.site}/app`)
    await v.waitForHits(1)
    await v.page.evaluate(() => {
      history.pushState({}, '', '/app/a')
      history.pushState({}, '', '/app/a?tab=2') // same path: not a new page view
      history.replaceState({}, '', '/app/a?tab=3') // replaceState is not a navigation
      history.pushState({}, '', '/app/b')
    })
    await v.waitForHits(3, 'pageview')
    await v.page.goBack() // popstate back to /app/a?tab=3 … same path as before /app/b
    await v.waitForHits(4, 'pageview')
    await v.page.evaluate(() => (location.hash = '#section'))
    await settle()
    expect(brief(v.named('pageview'))).toEqual([
      ['pageview', '/app'],
      ['pageview', '/app/a'],
      ['pageview', '/app/b'],
      ['pageview', '/app/a?tab=3'],
    ])
    expect(v.hits.every((x) => x.h === undefined)).toBe(true)
    expect(v.errors).toEqual([])
    // Each SPA navigation ended the previous page view's engagement, with its own URL.
    expect(brief(v.named('engagement'))).toEqual([
      ['engagement', '/app'],
      ['engagement', '/app/a'],
      ['engagement', '/app/b'],
    ])
  })

  test('hash mode sends a pageview per hash route, flagged h=1', async () => {
    h.pages.set('/spa', page(h, { domain: 'hash.test' }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/spa#/home`)
    await v.waitForHits(1)
    await v.page.evaluate(() => (location.hash = '#/pricing'))
    await v.waitForHits(2, 'pageview')
    await v.page.evaluate(() => (location.hash = '#/pricing'))
    await settle()
    const views = v.named('pageview')
    expect(brief(views)).toEqual([
      ['pageview', '/spa#/home'],
      ['pageview', '/spa#/pricing'],
    ])
    expect(views.map((x) => [x.d, x.h])).toEqual([
      ['hash.test', 1],
      ['hash.test', 1],
    ])
  })
})

describe('the segment tag', () => {
  test('data-segment goes with every pageview, not with other events', async () => {
    h.pages.set('/seg', page(h, { attrs: 'data-segment="customer-a"' }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/seg`)
    await v.waitForHits(1)
    await v.page.evaluate("spur('Click'); history.pushState({}, '', '/seg/2')")
    await v.waitForHits(2, 'pageview')
    await settle()
    expect(v.hits.map((x) => [x.n, x.sg])).toEqual([
      ['pageview', 'customer-a'],
      ['Click', undefined],
      ['engagement', undefined],
      ['pageview', 'customer-a'],
    ])
  })

  test('the URL parameter is sent and removed from the address bar', async () => {
    h.pages.set('/landing', page(h))
    const v = await h.visit()
    await v.page.goto(`${h.site}/landing?utm_source=news&sg=tok-123#top`)
    const [hit] = await v.waitForHits(1)
    expect(hit?.sg).toBe('tok-123')
    expect(hit?.u).toBe(`${h.site}/landing?utm_source=news#top`)
    expect(v.page.url()).toBe(`${h.site}/landing?utm_source=news#top`)
    expect(await v.page.evaluate(() => history.length)).toBe(2) // replaced, not pushed
  })
})

describe('exclusions', () => {
  test('an automated browser (navigator.webdriver) sends nothing; callbacks still run', async () => {
    h.pages.set('/bot', page(h))
    const v = await h.visit({ webdriver: true })
    await v.page.goto(`${h.site}/bot`)
    await v.page.waitForFunction("typeof spur === 'function'")
    const called = await v.page.evaluate(
      "new Promise((r) => spur('Signup', { callback: () => r(true) }))",
    )
    await settle()
    expect(called).toBe(true)
    expect(v.hits).toEqual([])
  })

  test.each([
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
  ])('pages on %s send nothing', async (_name, host) => {
    h.pages.set('/local', page(h))
    const v = await h.visit()
    await v.page.goto(`http://${host}:${h.sitePort}/local`)
    await v.page.waitForFunction("typeof spur === 'function'")
    await settle()
    expect(v.hits).toEqual([])
  })

  test('file: pages send nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spur-file-'))
    writeFileSync(join(dir, 'page.html'), page(h))
    const v = await h.visit()
    await v.page.goto(`file://${dir}/page.html`)
    await v.page.waitForFunction("typeof spur === 'function'")
    await settle()
    rmSync(dir, { recursive: true })
    expect(v.hits).toEqual([])
  })

  test.each([
    ['GPC, setting on', { gpc: true }, 'site.test', 0],
    ['DNT, setting on', { dnt: true }, 'site.test', 0],
    ['GPC, setting off', { gpc: true }, 'nogpc.test', 1],
    ['DNT, setting off', { dnt: true }, 'nogpc.test', 1],
    ['no signal, setting on', {}, 'site.test', 1],
  ])('privacy signals: %s', async (_name, signals, domain, expected) => {
    h.pages.set('/gpc', page(h, { domain }))
    const v = await h.visit(signals)
    await v.page.goto(`${h.site}/gpc`)
    await v.page.waitForFunction("typeof spur === 'function'")
    await v.page.evaluate("spur('Signup')")
    await settle()
    expect(v.hits.map((x) => x.n)).toEqual(expected ? ['pageview', 'Signup'] : [])
  })

  test('included and excluded paths from the site settings', async () => {
    h.pages.set('*', page(h, { domain: 'paths.test' }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/about`)
    await v.page.waitForFunction("typeof spur === 'function'")
    await v.page.evaluate(() => {
      history.pushState({}, '', '/blog/hello')
      history.pushState({}, '', '/blog/private-notes')
      history.pushState({}, '', '/blog/world')
    })
    await v.waitForHits(2, 'pageview')
    await settle()
    expect(brief(v.hits)).toEqual([
      ['pageview', '/blog/hello'],
      ['engagement', '/blog/hello'],
      ['pageview', '/blog/world'],
    ])
  })

  test('data-api sends to a first-party proxy path instead', async () => {
    h.pages.set('/proxied', page(h, { attrs: `data-api="${PROXY_PATH}"` }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/proxied`)
    await v.waitForHits(1)
    await settle()
    expect(v.requests.filter((u) => u.includes('/event'))).toEqual([`${h.site}${PROXY_PATH}`])
  })
})
