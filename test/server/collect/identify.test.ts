import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addCollectSite } from '../../helpers/collect-sites'

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'
const MIN = 60_000
const DAY0 = Date.UTC(2026, 10, 20)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ now: DAY0 + 10 * 3_600_000, env: { TRUST_PROXY: '1' } })
})
afterAll(() => t.cleanup())

async function hit(domain: string, path: string, ip = '203.0.113.5', name = 'pageview') {
  const res = await t.app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': ip },
    body: JSON.stringify({ n: name, u: `https://${domain}${path}`, d: domain }),
  })
  expect(res.status).toBe(202)
  expect(res.headers.get('x-spur-dropped')).toBeNull()
}

interface Visit {
  session_id: string
  visitor_id: string
  pageviews: number
  events: number
  duration: number
  bounce: number
  entry: string
  exit: string
}

async function visits(siteId: number): Promise<Visit[]> {
  await t.services.deps.ingest.flush()
  const rows = await t.services.deps.store.reader.query<Visit>(
    'test',
    `SELECT toString(session_id) AS session_id, toString(visitor_id) AS visitor_id,
       sum(sign * pageviews) AS pageviews, sum(sign * events) AS events,
       sum(sign * duration) AS duration, sum(sign * is_bounce) AS bounce,
       argMax(entry_page, version) AS entry, argMax(exit_page, version) AS exit
     FROM sessions WHERE site_id = {site:UInt32}
     GROUP BY session_id, visitor_id HAVING sum(sign) > 0 ORDER BY min(start)`,
    { site: siteId },
  )
  return rows.map((r) => ({
    ...r,
    pageviews: Number(r.pageviews),
    events: Number(r.events),
    duration: Number(r.duration),
    bounce: Number(r.bounce),
  }))
}

test('same IP and User-Agent within 30 minutes is one visit', async () => {
  const site = await addCollectSite(t.services)
  t.clock.set(DAY0 + 10 * 3_600_000)
  await hit(site.domain, '/')
  t.clock.advance(10 * MIN)
  await hit(site.domain, '/a')
  t.clock.advance(29 * MIN)
  await hit(site.domain, '/b')
  const v = await visits(site.id)
  expect(v).toHaveLength(1)
  expect(v[0]).toMatchObject({
    pageviews: 3,
    events: 3,
    duration: 39 * 60,
    bounce: 0,
    entry: '/',
    exit: '/b',
  })
})

test('a 31-minute gap starts a second visit of the same visitor', async () => {
  const site = await addCollectSite(t.services)
  t.clock.set(DAY0 + 11 * 3_600_000)
  await hit(site.domain, '/')
  t.clock.advance(31 * MIN)
  await hit(site.domain, '/again')
  const v = await visits(site.id)
  expect(v.map((x) => [x.pageviews, x.bounce, x.entry])).toEqual([
    [1, 1, '/'],
    [1, 1, '/again'],
  ])
  expect(v[0]?.visitor_id).toBe(v[1]?.visitor_id)
  expect(v[0]?.session_id).not.toBe(v[1]?.session_id)
})

test('an interactive custom event makes a one-page visit no bounce', async () => {
  const site = await addCollectSite(t.services)
  t.clock.set(DAY0 + 12 * 3_600_000)
  await hit(site.domain, '/', '203.0.113.6')
  t.clock.advance(MIN)
  await hit(site.domain, '/', '203.0.113.6', 'Download')
  expect((await visits(site.id)).map((x) => [x.pageviews, x.events, x.bounce])).toEqual([[1, 2, 0]])
})

test('another IP or another day is another visitor hash', async () => {
  const site = await addCollectSite(t.services)
  t.clock.set(DAY0 + 13 * 3_600_000)
  await hit(site.domain, '/')
  await hit(site.domain, '/', '203.0.113.7')
  t.clock.set(DAY0 + 86_400_000 + 13 * 3_600_000)
  await hit(site.domain, '/')
  const ids = (await visits(site.id)).map((x) => x.visitor_id)
  expect(ids).toHaveLength(3)
  expect(new Set(ids).size).toBe(3)
})

test('a visit across midnight UTC stays one visit (yesterday’s salt still matches)', async () => {
  const site = await addCollectSite(t.services)
  const day = DAY0 + 5 * 86_400_000
  t.clock.set(day - 10 * MIN)
  await hit(site.domain, '/late', '203.0.113.8')
  t.clock.set(day + 5 * MIN)
  await hit(site.domain, '/after-midnight', '203.0.113.8')
  const v = await visits(site.id)
  expect(v).toHaveLength(1)
  expect(v[0]).toMatchObject({ pageviews: 2, duration: 15 * 60, exit: '/after-midnight' })
  // A new visit after midnight gets the new day's hash.
  t.clock.set(day + 60 * MIN)
  await hit(site.domain, '/later', '203.0.113.8')
  const after = await visits(site.id)
  expect(after).toHaveLength(2)
  expect(after[1]?.visitor_id).not.toBe(after[0]?.visitor_id)
})

test('salts rotate daily and none older than 48 hours is kept', async () => {
  const site = await addCollectSite(t.services)
  const start = DAY0 + 20 * 86_400_000
  for (let d = 0; d < 4; d++) {
    t.clock.set(start + d * 86_400_000 + 3_600_000)
    await hit(site.domain, '/', '203.0.113.9')
  }
  const rows = await t.services.deps.store.reader.query<{ d: string }>(
    'test',
    'SELECT toString(day) AS d FROM salts FINAL ORDER BY day',
  )
  expect(rows.map((r) => r.d)).toEqual(['2026-12-12', '2026-12-13'])
})
