import { domainToASCII } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addCollectSite } from '../../helpers/collect-sites'

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)

let t: TestApp
let ipCounter = 1
beforeAll(async () => {
  t = await createTestApp({
    now: NOW,
    env: { TRUST_PROXY: '1', COLLECT_RATE_BURST: '5', COLLECT_RATE_PER_SECOND: '1' },
  })
})
afterAll(async () => {
  await t.cleanup()
})

/** Every test call comes from its own address unless told, so the rate limit stays out of the way. */
function post(body: unknown, headers: Record<string, string> = {}) {
  return t.app.request('/api/event', {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': CHROME,
      'x-forwarded-for': `198.51.100.${ipCounter++ % 250}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function storedEvents(siteId: number) {
  await t.services.deps.ingest.flush()
  return t.services.deps.store.reader.query<Record<string, unknown>>(
    'test',
    `SELECT * EXCEPT (site_id, visitor_id, session_id), toUnixTimestamp64Milli(timestamp) AS ts
     FROM events WHERE site_id = {site:UInt32} ORDER BY timestamp, name`,
    { site: siteId },
  )
}

describe('accepted hits and what is stored', () => {
  test('a pageview: 202, and every column derived from the request', async () => {
    const site = await addCollectSite(t.services)
    const res = await post(
      {
        n: 'pageview',
        u: `https://www.${site.domain}/Produkte/Schuhe/?utm_source=newsletter&utm_medium=email&utm_campaign=herbst&email=a@b.c#top`,
        d: site.domain,
        r: 'https://mail.google.com/mail/u/0/',
      },
      { 'x-forwarded-for': '62.157.140.133' },
    )
    expect(res.status).toBe(202)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('x-spur-dropped')).toBeNull()
    const [row] = await storedEvents(site.id)
    expect(row).toEqual({
      timestamp: '2026-11-20 12:00:00.000',
      ts: NOW,
      name: 'pageview',
      hostname: site.domain,
      pathname: '/Produkte/Schuhe/',
      referrer: 'mail.google.com/mail/u/0/',
      referrer_source: 'newsletter',
      channel: 'Email',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'herbst',
      utm_content: '',
      utm_term: '',
      click_id_param: '',
      country_code: 'DE',
      region: 'Baden-Wurttemberg',
      city: 'Herbrechtingen',
      browser: 'Chrome',
      browser_version: '124',
      os: 'macOS',
      os_version: '10.15',
      device: 'Desktop',
      props: {},
      revenue_amount: 0,
      revenue_currency: '',
      interactive: 1,
      engagement_ms: 0,
      scroll_depth: 0,
      segment: '',
    })
  })

  test('a custom event with props (long field names, JSON content type)', async () => {
    const site = await addCollectSite(t.services)
    const res = await post(
      {
        name: 'Signup',
        url: `https://${site.domain}/pricing`,
        domain: site.domain,
        props: { plan: 'pro', seats: 5, yearly: true, empty: null },
        interactive: false,
      },
      { 'content-type': 'application/json' },
    )
    expect(res.status).toBe(202)
    const [row] = await storedEvents(site.id)
    expect(row).toMatchObject({
      name: 'Signup',
      pathname: '/pricing',
      props: { plan: 'pro', seats: '5', yearly: 'true' },
      interactive: 0,
      channel: 'Direct',
    })
  })

  test('a revenue event', async () => {
    const site = await addCollectSite(t.services)
    const res = await post({
      n: 'Purchase',
      u: `https://${site.domain}/checkout/done`,
      d: site.domain,
      $: { amount: '49.999', currency: 'eur' },
      p: { order_type: 'first' },
    })
    expect(res.status).toBe(202)
    const [row] = await storedEvents(site.id)
    expect(row).toMatchObject({
      name: 'Purchase',
      revenue_amount: 49.999,
      revenue_currency: 'EUR',
      props: { order_type: 'first' },
    })
  })

  test('engagement with scroll depth, hash routing and allow-listed query parameters', async () => {
    const site = await addCollectSite(t.services, { settings: { allowedQueryParams: ['page'] } })
    const url = `https://${site.domain}/app/?page=2&session=abc#/settings`
    expect(
      (
        await post(
          { n: 'pageview', u: url, d: site.domain, h: 1 },
          { 'x-forwarded-for': '203.0.113.77' },
        )
      ).status,
    ).toBe(202)
    t.clock.advance(20_000)
    expect(
      (
        await post(
          { n: 'engagement', u: url, d: site.domain, h: 1, e: 18_500, sd: 73 },
          { 'x-forwarded-for': '203.0.113.77' },
        )
      ).status,
    ).toBe(202)
    const rows = await storedEvents(site.id)
    expect(rows.map((r) => [r.name, r.pathname, r.engagement_ms, r.scroll_depth])).toEqual([
      ['pageview', '/app/#/settings?page=2', 0, 0],
      ['engagement', '/app/#/settings?page=2', 18500, 73],
    ])
  })

  test('half a character (a lone surrogate, sent or left by a cut) is stored as U+FFFD', async () => {
    const site = await addCollectSite(t.services)
    // Each emoji is two UTF-16 units: 'x' and 100 of them cut at 200 units leave half of one.
    const emojis = 'x' + '😀'.repeat(100)
    const res = await post(
      '{"n":"Sign\\ud800up","u":"https://' +
        site.domain +
        '/?utm_campaign=' +
        encodeURIComponent(emojis) +
        '","d":"' +
        site.domain +
        '","p":{"k\\udc00":"v\\ud83d"},"sg":"\\udfff"}',
    )
    expect(res.status).toBe(202)
    expect(
      (await post({ n: 'pageview', u: `https://${site.domain}/next`, d: site.domain })).status,
    ).toBe(202)
    const rows = await storedEvents(site.id)
    expect(rows.map((r) => [r.name, r.props, r.utm_campaign, r.pathname])).toEqual([
      ['Sign\uFFFDup', { 'k\uFFFD': 'v\uFFFD' }, emojis.slice(0, 199) + '\uFFFD', '/'],
      ['pageview', {}, '', '/next'],
    ])
  })

  test('a comma list of domains counts the hit for each site', async () => {
    const a = await addCollectSite(t.services)
    const b = await addCollectSite(t.services, { aliases: [a.domain] })
    const res = await post({
      n: 'pageview',
      u: `https://${a.domain}/`,
      d: `${a.domain},${b.domain}`,
    })
    expect(res.status).toBe(202)
    expect(await storedEvents(a.id)).toHaveLength(1)
    expect(await storedEvents(b.id)).toHaveLength(1)
  })

  test('a site with an IDN domain counts hits that name it in Unicode, as Plausible snippets do', async () => {
    const unicode = `bäckerei-müller-${process.pid}.example`
    const site = await addCollectSite(t.services, { domain: domainToASCII(unicode) })
    const res = await post({
      n: 'pageview',
      u: `https://www.${unicode}/brötchen`,
      d: `www.${unicode}`,
    })
    expect(res.headers.get('x-spur-dropped')).toBeNull()
    const rows = await storedEvents(site.id)
    expect(rows.map((r) => [r.hostname, r.pathname])).toEqual([[site.domain, '/brötchen']])
  })

  test('interactive and hash sent as null count as left out, as the other optional fields do', async () => {
    const site = await addCollectSite(t.services)
    const res = await post({
      n: 'Signup',
      u: `https://${site.domain}/#/plans`,
      d: site.domain,
      r: null,
      i: null,
      h: null,
    })
    expect(res.status).toBe(202)
    const [row] = await storedEvents(site.id)
    expect(row).toMatchObject({ name: 'Signup', pathname: '/', interactive: 1 })
  })

  test('OPTIONS answers the CORS preflight for any origin', async () => {
    const res = await t.app.request('/api/event', {
      method: 'OPTIONS',
      headers: { origin: 'https://x.example' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS')
  })
})

describe('dropped on purpose: 202 with the reason, nothing stored', () => {
  test.each([
    [
      'bot',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: {
          'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        },
      }),
    ],
    [
      'bot',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: { 'user-agent': '' },
      }),
    ],
    [
      'bot',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: {
          'user-agent':
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
        },
      }),
    ],
    [
      'unknown_site',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d: 'nobody-here.example' },
        headers: {},
      }),
    ],
    [
      'hostname_mismatch',
      (d: string) => ({ body: { n: 'pageview', u: 'https://www.bbc.co.uk/', d }, headers: {} }),
    ],
    [
      'hostname_mismatch',
      (d: string) => ({ body: { n: 'pageview', u: `https://evil-${d}/`, d }, headers: {} }),
    ],
    [
      'excluded_ip',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: { 'x-forwarded-for': '192.0.2.55' },
      }),
    ],
    [
      'excluded_ip',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: { 'x-forwarded-for': '2001:db8::1' },
      }),
    ],
    [
      'excluded_path',
      (d: string) => ({ body: { n: 'pageview', u: `https://${d}/admin/users`, d }, headers: {} }),
    ],
    [
      'spam_referrer',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d, r: 'http://semalt.com/' },
        headers: {},
      }),
    ],
    [
      'spam_referrer',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d, r: 'https://www.best-seo-offer.com/x' },
        headers: {},
      }),
    ],
    [
      'privacy_signal',
      (d: string) => ({
        body: { n: 'pageview', u: `https://${d}/`, d },
        headers: { 'sec-gpc': '1' },
      }),
    ],
    [
      'engagement_without_visit',
      (d: string) => ({
        body: { n: 'engagement', u: `https://${d}/`, d, e: 5000 },
        headers: { 'x-forwarded-for': '203.0.113.200' },
      }),
    ],
  ])('%s', async (reason, make) => {
    const site = await addCollectSite(t.services, {
      settings: { excludedIps: ['192.0.2.0/24', '2001:db8::/32'], excludedPaths: ['/admin/*'] },
    })
    const { body, headers } = make(site.domain)
    const res = await post(body, headers)
    expect(res.status).toBe(202)
    expect(res.headers.get('x-spur-dropped')).toBe(reason)
    expect(await storedEvents(site.id)).toEqual([])
  })

  test.each([
    ['a path with encoded characters, as the dashboard shows it', '/über-uns', '/%C3%BCber-uns', 0],
    ['a path as the browser encodes it', '/%C3%BCber-uns', '/%C3%BCber-uns', 0],
    ['a route of a hash-routed site', '/#/admin*', '/#/admin/users', 1],
  ])('excluded_path: %s', async (_, pattern, path, hash) => {
    const site = await addCollectSite(t.services, { settings: { excludedPaths: [pattern] } })
    const res = await post({
      n: 'pageview',
      u: `https://${site.domain}${path}`,
      d: site.domain,
      h: hash,
    })
    expect(res.headers.get('x-spur-dropped')).toBe('excluded_path')
    expect(await storedEvents(site.id)).toEqual([])
  })

  test('privacy signals count when the site does not honour them', async () => {
    const site = await addCollectSite(t.services, { settings: { honourPrivacySignals: false } })
    const res = await post(
      { n: 'pageview', u: `https://${site.domain}/`, d: site.domain },
      { 'sec-gpc': '1', dnt: '1' },
    )
    expect(res.headers.get('x-spur-dropped')).toBeNull()
    expect(await storedEvents(site.id)).toHaveLength(1)
  })
})

describe('refused', () => {
  const u = 'https://refused.example/'
  test.each([
    ['{not json', 'body', 'Request body must be valid JSON'],
    ['[]', 'body', 'Request body must be a JSON object'],
    [{ u, d: 'refused.example' }, 'name', 'name: is required'],
    [{ n: 'pageview', d: 'refused.example' }, 'url', 'url: is required'],
    [{ n: 'pageview', u }, 'domain', 'domain: is required'],
    [
      { n: 'pageview', u: 'ftp://refused.example/', d: 'refused.example' },
      'url',
      'url: must be an absolute http(s) URL',
    ],
    [
      { n: 'pageview', u: '/relative', d: 'refused.example' },
      'url',
      'url: must be an absolute http(s) URL',
    ],
    [
      { n: 'pageview', u: u + 'x'.repeat(2000), d: 'refused.example' },
      'url',
      'url: must be at most 2000 characters',
    ],
    [
      {
        n: 'e',
        u,
        d: 'refused.example',
        p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])),
      },
      'props',
      'props: must have at most 30 keys',
    ],
    [
      { n: 'e', u, d: 'refused.example', p: { ['k'.repeat(301)]: 1 } },
      `props.${'k'.repeat(40)}`,
      'key must be 1 to 300 characters',
    ],
    [
      { n: 'e', u, d: 'refused.example', p: { k: 'v'.repeat(2001) } },
      'props.k',
      'props.k: must be at most 2000 characters',
    ],
    [
      { n: 'e', u, d: 'refused.example', p: { k: { nested: 1 } } },
      'props.k',
      'props.k: must be a string, number or boolean',
    ],
    [
      { n: 'e', u, d: 'refused.example', $: { amount: 'lots', currency: 'EUR' } },
      'revenue.amount',
      'revenue.amount: must be a number',
    ],
    [
      { n: 'e', u, d: 'refused.example', $: { amount: '0x10', currency: 'EUR' } },
      'revenue.amount',
      'revenue.amount: must be a number',
    ],
    [
      { n: 'e', u, d: 'refused.example', $: { amount: 5, currency: 'EURO' } },
      'revenue.currency',
      'revenue.currency: must be an ISO 4217 currency code',
    ],
    [
      { n: 'e', u, d: 'refused.example', i: 'yes' },
      'interactive',
      'interactive: must be true or false',
    ],
    [{ n: 'engagement', u, d: 'refused.example', e: -5 }, 'e', 'e: must be a non-negative number'],
  ])('400 for %j names %s', async (body, field, message) => {
    const res = await post(body)
    expect(res.status).toBe(400)
    const json = (await res.json()) as { error: string; field: string }
    expect(json.field).toBe(field)
    expect(json.error).toContain(message)
  })

  test('413 for a body over the limit, counted as it streams in when it has no length', async () => {
    const res = await post({ n: 'e', u, d: 'refused.example', p: { k: 'x'.repeat(200_000) } })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toContain('at most 131072 bytes')
  })

  test('413 for a declared length over the limit; a declared length within it is read', async () => {
    const big = JSON.stringify({ n: 'e', u, d: 'refused.example', p: { k: 'x'.repeat(200_000) } })
    const over = await post(big, { 'content-length': String(Buffer.byteLength(big)) })
    expect(over.status).toBe(413)
    const small = JSON.stringify({ n: 'e', u, d: 'refused.example' })
    const within = await post(small, { 'content-length': String(Buffer.byteLength(small)) })
    expect(within.status).toBe(202)
    expect(within.headers.get('x-spur-dropped')).toBe('unknown_site')
  })

  test('429 when one client goes over its rate; other clients go on', async () => {
    const site = await addCollectSite(t.services)
    const hit = { n: 'pageview', u: `https://${site.domain}/`, d: site.domain }
    const statuses = []
    for (let i = 0; i < 7; i++)
      statuses.push((await post(hit, { 'x-forwarded-for': '203.0.113.99' })).status)
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429])
    expect((await post(hit, { 'x-forwarded-for': '203.0.113.98' })).status).toBe(202)
    t.clock.advance(1000)
    expect((await post(hit, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(202)
  })
})

describe('operations', () => {
  test('/metrics counts what happened above, in Prometheus text format', async () => {
    const res = await t.app.request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    expect(text).toContain('spur_events_dropped_total{reason="bot"} 3\n')
    expect(text).toContain('spur_events_dropped_total{reason="spam_referrer"} 2\n')
    expect(text).toContain('spur_events_rate_limited_total 2\n')
    // 17 malformed bodies (400) and two over the size limit (413).
    expect(text).toContain('spur_events_invalid_total 19\n')
    expect(text).toMatch(/\nspur_batch_events_count [1-9]\d*\n/)
    expect(text).toContain('# TYPE spur_batch_insert_seconds histogram\n')
  })

  test('/healthz reports the store, the spool depth and the writer lag', async () => {
    await t.services.deps.ingest.flush()
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ok',
      store: { kind: 'embedded', reachable: true },
      spool: { bytes: 0, events: 0 },
      writer: { lagMs: 0 },
    })
  })
})
