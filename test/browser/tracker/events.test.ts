import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { page, settle, startHarness, type Harness } from '../../helpers/tracker-browser'

// Custom events, engagement, the back-forward cache and the click features, in real headless
// Chromium (back-forward cache on) against the built script as served.

let h: Harness
beforeAll(async () => {
  h = await startHarness({}, { bfcache: true })
  await h.addSite('site.test')
  await h.addSite('full.test', {
    trackerFeatures: ['hash', 'outbound', 'downloads', 'tagged', 'not-found'],
  })
}, 120_000)
afterAll(async () => h?.close())

const STUB =
  '<script>window.spur=window.spur||function(){(window.spur.q=window.spur.q||[]).push(arguments)}</script>'

describe('custom events', () => {
  test('calls queued before the script loaded are sent after the pageview', async () => {
    h.pages.set(
      '/queued',
      page(h, { head: `${STUB}<script>spur('Early', { props: { step: 1 } })</script>` }),
    )
    const v = await h.visit()
    await v.page.goto(`${h.site}/queued`)
    await v.waitForHits(2)
    expect(v.hits.map((x) => [x.n, x.p])).toEqual([
      ['pageview', undefined],
      ['Early', { step: 1 }],
    ])
  })

  test('props, revenue, non-interactive and the callback', async () => {
    h.pages.set('/shop', page(h))
    const v = await h.visit()
    await v.page.goto(`${h.site}/shop`)
    await v.waitForHits(1)
    const called = await v.page.evaluate(`new Promise((resolve) =>
      spur('Purchase', {
        props: { plan: 'pro', seats: 3 },
        revenue: { amount: '49.90', currency: 'EUR' },
        interactive: false,
        callback: () => resolve('called'),
      }))`)
    expect(called).toBe('called')
    const [hit] = v.named('Purchase')
    expect(hit).toEqual({
      n: 'Purchase',
      u: `${h.site}/shop`,
      d: 'site.test',
      r: '',
      p: { plan: 'pro', seats: 3 },
      $: { amount: '49.90', currency: 'EUR' },
      i: false,
      contentType: 'text/plain;charset=UTF-8',
    })
    expect(v.errors).toEqual([])
  })
})

describe('engagement', () => {
  const tall = '<div style="height:4000px">Long</div><a id="next" href="/after">next</a>'

  test('sent once when the page is left: engaged time and deepest scroll', async () => {
    h.pages.set('/long', page(h, { body: tall }))
    h.pages.set('/after', page(h))
    const v = await h.visit()
    const start = Date.now()
    await v.page.goto(`${h.site}/long`)
    await v.waitForHits(1)
    await v.page.evaluate(() => window.scrollTo(0, 1500))
    await v.page.waitForTimeout(1200)
    await v.page.evaluate(() => window.scrollTo(0, 200))
    const expectedDepth = await v.page.evaluate(() =>
      Math.round((100 * (1500 + innerHeight)) / document.documentElement.scrollHeight),
    )
    // Leave without the scroll a click on the bottom link would make.
    await v.page.evaluate(() => (location.href = '/after'))
    const [eng] = await v.waitForHits(1, 'engagement')
    const elapsed = Date.now() - start
    expect(eng?.u).toBe(`${h.site}/long`)
    expect(eng?.sd).toBe(expectedDepth)
    expect(eng?.e).toBeGreaterThanOrEqual(1150)
    expect(eng?.e).toBeLessThanOrEqual(elapsed)
    await v.waitForHits(2, 'pageview')
    await settle()
    expect(v.hits.map((x) => x.n)).toEqual(['pageview', 'engagement', 'pageview'])
  })

  test('visibility hidden ends it; hidden time does not count', async () => {
    h.pages.set('/tab', page(h))
    const v = await h.visit()
    await v.page.goto(`${h.site}/tab`)
    await v.waitForHits(1)
    const setVisibility = (state: string) =>
      v.page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { value: s, configurable: true })
        document.dispatchEvent(new Event('visibilitychange'))
      }, state)
    await setVisibility('hidden')
    const [first] = await v.waitForHits(1, 'engagement')
    expect(first?.sd).toBe(100)
    await v.page.waitForTimeout(1500) // hidden: not engaged
    await setVisibility('visible')
    await setVisibility('hidden')
    await settle()
    // Back for a moment, no deeper scroll: nothing new to report.
    expect(v.named('engagement')).toHaveLength(1)
    expect(first?.u).toBe(`${h.site}/tab`)
  })

  test('a page restored from the back-forward cache counts as a new page view', async () => {
    h.pages.set('/first', page(h, { body: '<a id="go" href="/second">second</a>' }))
    h.pages.set('/second', page(h))
    const v = await h.visit()
    await v.page.goto(`${h.site}/first`)
    await v.waitForHits(1)
    await v.page.evaluate('window.marker = 42')
    await v.page.click('#go')
    await v.waitForHits(2, 'pageview')
    await v.page.goBack({ waitUntil: 'commit' })
    await v.waitForHits(3, 'pageview')
    // The same document came back (bfcache), not a reload.
    expect(await v.page.evaluate('window.marker')).toBe(42)
    await settle()
    // Two documents post concurrently, so compare without order.
    expect(v.hits.map((x) => `${x.n} ${new URL(x.u).pathname}`).sort()).toEqual([
      'engagement /first',
      'engagement /second',
      'pageview /first',
      'pageview /first',
      'pageview /second',
    ])
    expect(v.requests.filter((u) => u.includes('/js/'))).toHaveLength(2)
  })
})

describe('outbound links, downloads and tagged elements', () => {
  const body = `
    <a id="out" href="http://other.test:PORT/landing?ref=1">Partner</a>
    <a id="internal" href="/contact">Contact</a>
    <a id="pdf" href="/files/report.pdf?token=abc">Report</a>
    <a id="tagged" data-event-name="Pricing" data-event-position="hero" href="/pricing">See prices</a>
    <button id="btn" data-event-name="Signup" data-event-plan="pro"><span id="inner">Sign up</span></button>
    <form id="form" data-event-name="Contact" data-event-source="footer" action="/thanks">
      <button id="send">Send</button></form>`

  test.each([
    ['#out', 'Outbound Link: Click', { url: 'http://other.test:PORT/landing?ref=1' }, '/landing'],
    ['#pdf', 'File Download', { url: 'http://site.test:PORT/files/report.pdf' }, null],
    ['#tagged', 'Pricing', { position: 'hero' }, '/pricing'],
    ['#inner', 'Signup', { plan: 'pro' }, null],
    ['#send', 'Contact', { source: 'footer' }, '/thanks'],
  ])('%s sends %s without holding up navigation', async (selector, name, props, next) => {
    const fill = (s: string) => s.replaceAll('PORT', String(h.sitePort))
    h.pages.set('*', page(h, { domain: 'full.test', body: fill(body) }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/links`)
    await v.waitForHits(1)
    const clicked = Date.now()
    await v.page.click(selector, { noWaitAfter: true })
    if (next) await v.page.waitForURL((u) => u.pathname === next)
    const navigated = Date.now() - clicked
    const [hit] = await v.waitForHits(1, name)
    await settle()
    expect(hit?.p).toEqual(JSON.parse(fill(JSON.stringify(props))))
    expect(hit?.u).toBe(`${h.site}/links`)
    expect(v.hits.filter((x) => x.n !== 'pageview' && x.n !== 'engagement')).toHaveLength(1)
    if (next) expect(navigated).toBeLessThan(1000)
    expect(v.errors).toEqual([])
  })

  test('an internal link, and any click on the default variant, send no event', async () => {
    h.pages.set('/plain-links', page(h, { body: body.replaceAll('PORT', String(h.sitePort)) }))
    h.pages.set('/full-links', page(h, { domain: 'full.test', body }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/full-links`)
    await v.waitForHits(1)
    await v.page.click('#internal')
    await v.waitForHits(2, 'pageview')
    await v.page.goto(`${h.site}/plain-links`)
    await v.waitForHits(3, 'pageview')
    for (const id of ['#pdf', '#inner']) await v.page.click(id, { noWaitAfter: true })
    await v.page.click('#out')
    await settle()
    expect(
      v.hits.filter((x) => x.n !== 'pageview' && x.n !== 'engagement').map((x) => x.n),
    ).toEqual([])
  })

  test('middle-clicking an outbound link counts; a right click does not', async () => {
    h.pages.set(
      '/mid',
      page(h, { domain: 'full.test', body: '<a id="o" href="https://example.org/x">x</a>' }),
    )
    const v = await h.visit()
    await v.context.route('https://example.org/**', (r) => r.fulfill({ body: 'ok' }))
    await v.page.goto(`${h.site}/mid`)
    await v.waitForHits(1)
    await v.page.click('#o', { button: 'right' })
    await v.page.click('#o', { button: 'middle' })
    const hits = await v.waitForHits(1, 'Outbound Link: Click')
    await settle()
    expect(hits.map((x) => x.p)).toEqual([{ url: 'https://example.org/x' }])
  })
})

describe('the 404 helper', () => {
  test('data-404 on the script tag sends a 404 event with the path after the pageview', async () => {
    h.pages.set('/missing/page', page(h, { domain: 'full.test', attrs: 'data-404' }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/missing/page?x=1`)
    await v.waitForHits(2)
    await settle()
    expect(v.hits.map((x) => [x.n, x.p])).toEqual([
      ['pageview', undefined],
      ['404', { path: '/missing/page' }],
    ])
  })

  test("calling the function with '404' adds the path", async () => {
    h.pages.set('/gone', page(h, { domain: 'full.test' }))
    const v = await h.visit()
    await v.page.goto(`${h.site}/gone`)
    await v.waitForHits(1)
    await v.page.evaluate("spur('404', { props: { from: 'router' } })")
    const [hit] = await v.waitForHits(1, '404')
    expect(hit?.p).toEqual({ path: '/gone', from: 'router' })
  })
})
