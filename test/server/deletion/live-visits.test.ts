import { afterAll, beforeAll, expect, test } from 'vitest'
import { GRACE_MS, runDueDeletions } from '../../../server/deletion'
import { newDeletion, saveDeletion } from '../../../server/deletion/deletions'
import { eraseSiteData } from '../../../server/deletion/erase'
import type { Ingest } from '../../../server/ingest/ingest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addCollectSite } from '../../helpers/collect-sites'

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'
const MIN = 60_000
const DAY = 24 * 60 * MIN
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)

let t: TestApp
beforeAll(async () => {
  // One segment per hit: the writer would store each at once unless it is held.
  t = await createTestApp({ now: NOW, env: { TRUST_PROXY: '1', INGEST_BATCH_EVENTS: '1' } })
})
afterAll(() => t.cleanup())

async function hit(domain: string, path: string, ip = '198.51.100.20') {
  const res = await t.app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': ip },
    body: JSON.stringify({ n: 'pageview', u: `https://${domain}${path}`, d: domain }),
  })
  expect(res.status).toBe(202)
  expect(res.headers.get('x-spur-dropped')).toBeNull()
}

async function one(sql: string, siteId: number): Promise<Record<string, number>> {
  const rows = await t.services.deps.store.reader.query<Record<string, string | number>>(
    'test',
    sql,
    { site: siteId },
  )
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]))
}

const storedEvents = (siteId: number) =>
  one('SELECT count() AS n FROM events WHERE site_id = {site:UInt32}', siteId).then((r) => r.n)

test('a visit open while its site data is erased goes on as a new visit, with nothing left to cancel', async () => {
  const site = await addCollectSite(t.services)
  await saveDeletion(
    t.services.deps.store,
    newDeletion(site.id, { kind: 'site_data' }, 'owner', t.clock.now()),
    t.clock.now(),
  )
  t.clock.advance(GRACE_MS - 10 * MIN)
  await hit(site.domain, '/before')
  t.clock.advance(10 * MIN)
  expect(await runDueDeletions(t.services.deps)).toBe(1)
  t.clock.advance(MIN)
  // The same visitor 11 minutes later: its visit's rows are gone, so this hit begins a visit.
  await hit(site.domain, '/after')
  await t.services.deps.ingest.flush()

  expect(
    await one(
      `SELECT countIf(sign < 0) AS cancels, sum(sign) AS visits, sum(sign * pageviews) AS pageviews,
         sum(sign * is_bounce) AS bounces, anyIf(entry_page, sign > 0) = '/after' AS entry
       FROM sessions WHERE site_id = {site:UInt32}`,
      site.id,
    ),
  ).toEqual({ cancels: 0, visits: 1, pageviews: 1, bounces: 1, entry: 1 })
  expect(
    await one(
      `SELECT sum(visits) AS visits, sum(pageviews) AS pageviews, sum(bounces) AS bounces
       FROM sessions_hourly WHERE site_id = {site:UInt32}`,
      site.id,
    ),
  ).toEqual({ visits: 1, pageviews: 1, bounces: 1 })
  expect(await storedEvents(site.id)).toBe(1)
})

test('a range erasure forgets the open visits whose latest row it removes, and only those', async () => {
  const site = await addCollectSite(t.services)
  const today = Math.floor(t.clock.now() / DAY) * DAY
  await hit(site.domain, '/a')
  const erase = (from: number) =>
    eraseSiteData(
      t.services.deps.store,
      { id: site.id, timezone: 'UTC' },
      { kind: 'range', from, to: from + DAY, edges: 'overlapping' },
      t.services.deps.ingest,
    )
  await erase(today - DAY) // yesterday: the visit goes on
  t.clock.advance(MIN)
  await hit(site.domain, '/b')
  await t.services.deps.ingest.flush()
  const visits = `SELECT countIf(sign < 0) AS cancels, sum(sign) AS visits,
      sum(sign * pageviews) AS pageviews FROM sessions WHERE site_id = {site:UInt32}`
  expect(await one(visits, site.id)).toEqual({ cancels: 1, visits: 1, pageviews: 2 })
  await erase(today) // today: the visit's rows are gone, and so is the visit
  t.clock.advance(MIN)
  await hit(site.domain, '/c')
  await t.services.deps.ingest.flush()
  expect(await one(visits, site.id)).toEqual({ cancels: 0, visits: 1, pageviews: 1 })
})

test('a visit that began in an erased range goes whole, and its visitor starts anew', async () => {
  const site = await addCollectSite(t.services)
  const began = t.clock.now()
  await hit(site.domain, '/a')
  t.clock.advance(10 * MIN)
  await hit(site.domain, '/b') // its latest row lies after the range below
  await eraseSiteData(
    t.services.deps.store,
    { id: site.id, timezone: 'UTC' },
    { kind: 'range', from: began - MIN, to: began + 5 * MIN, edges: 'overlapping' },
    t.services.deps.ingest,
  )
  // Nothing is left that still says where or when the visit began.
  const visits = `SELECT count() AS rows, countIf(sign < 0) AS cancels, sum(sign) AS visits,
      sum(sign * pageviews) AS pageviews FROM sessions WHERE site_id = {site:UInt32}`
  expect(await one(visits, site.id)).toEqual({ rows: 0, cancels: 0, visits: 0, pageviews: 0 })
  t.clock.advance(MIN)
  await hit(site.domain, '/c')
  await t.services.deps.ingest.flush()
  expect(await one(visits, site.id)).toEqual({ rows: 1, cancels: 0, visits: 1, pageviews: 1 })
  expect(
    await one(
      'SELECT sum(visits) AS visits, sum(pageviews) AS pageviews FROM sessions_hourly WHERE site_id = {site:UInt32}',
      site.id,
    ),
  ).toEqual({ visits: 1, pageviews: 1 })
})

test('an erasure sees every hit acknowledged before it; hits meanwhile wait in the spool', async () => {
  const site = await addCollectSite(t.services)
  await hit(site.domain, '/first')
  const during = await t.services.deps.ingest.isolate(
    () => false,
    async () => {
      const before = await storedEvents(site.id)
      await hit(site.domain, '/meanwhile')
      // Its segment is sealed at once (one hit per segment), yet nothing is inserted.
      await new Promise((resolve) => setTimeout(resolve, 400))
      return { before, after: await storedEvents(site.id) }
    },
  )
  expect(during).toEqual({ before: 1, after: 1 })
  await t.services.deps.ingest.flush()
  expect(await storedEvents(site.id)).toBe(2)
})

test('a site being deleted takes no more hits, not even one already past its lookup', async () => {
  const site = await addCollectSite(t.services)
  const { ingest } = t.services.deps
  const input = {
    body: JSON.stringify({ n: 'pageview', u: `https://${site.domain}/`, d: site.domain }),
    ip: '198.51.100.21',
    userAgent: UA,
    hints: {},
    privacySignal: false,
  }
  expect((await ingest.collect(input, t.clock.now())).kind).toBe('accepted')
  // Suspended after the site lookup, when the deletion begins.
  const inFlight = ingest.collect(input, t.clock.now())
  const undo = ingest.sites.remove(site.id)
  expect(await inFlight).toEqual({ kind: 'dropped', reason: 'unknown_site' })
  const res = await t.app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': '198.51.100.22' },
    body: input.body,
  })
  expect(res.headers.get('x-spur-dropped')).toBe('unknown_site')
  // A deletion that failed gives the site back.
  undo()
  expect((await ingest.collect(input, t.clock.now())).kind).toBe('accepted')
})

test('deleting a site erases what it collected until the last moment, and nothing lands after', async () => {
  const site = await addCollectSite(t.services)
  await saveDeletion(
    t.services.deps.store,
    newDeletion(site.id, { kind: 'site' }, 'owner', t.clock.now()),
    t.clock.now(),
  )
  t.clock.advance(GRACE_MS)
  await hit(site.domain, '/last')
  expect(await runDueDeletions(t.services.deps)).toBe(1)
  const res = await t.app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': '198.51.100.20' },
    body: JSON.stringify({ n: 'pageview', u: `https://${site.domain}/gone`, d: site.domain }),
  })
  expect(res.headers.get('x-spur-dropped')).toBe('unknown_site')
  await t.services.deps.ingest.flush()
  expect(await storedEvents(site.id)).toBe(0)
  expect(
    await one('SELECT count() AS n FROM sessions WHERE site_id = {site:UInt32}', site.id),
  ).toEqual({ n: 0 })
})

test('the writer goes on once the deletes are issued, unless a cut hour must be rebuilt first', async () => {
  const site = await addCollectSite(t.services)
  const { ingest, store } = t.services.deps
  const seen: string[] = []
  const watched: Pick<Ingest, 'isolate' | 'dropSetAside'> = {
    dropSetAside: (erasure) => ingest.dropSetAside(erasure),
    isolate: (erased, work) =>
      ingest.isolate(erased, async (resume) => {
        const report = await work(() => {
          seen.push('resumed')
          resume()
        })
        seen.push('done')
        return report
      }),
  }
  const erase = async (timezone: string, scope: Parameters<typeof eraseSiteData>[2]) => {
    seen.length = 0
    await eraseSiteData(store, { id: site.id, timezone }, scope, watched)
    return [...seen]
  }
  expect(await erase('UTC', { kind: 'all' })).toEqual(['resumed', 'done'])
  const midnight = Date.UTC(2026, 10, 18)
  const range = (from: number) => ({
    kind: 'range' as const,
    from,
    to: from + DAY,
    edges: 'overlapping' as const,
  })
  expect(await erase('Europe/Berlin', range(midnight - 60 * MIN))).toEqual(['resumed', 'done'])
  // A day in Asia/Kolkata begins at :30 UTC: the range cuts two hours of sessions_hourly.
  expect(await erase('Asia/Kolkata', range(midnight - 330 * MIN))).toEqual(['done'])
})
