import { afterAll, beforeAll, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'realtime.test'
const NOW = Date.UTC(2026, 10, 20, 12)
let t: TestApp
let headers: Record<string, string>

// One visit that began ten minutes ago and is still going: its last page view was at 11:58.
beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  headers = await t.login()
  await createSite(t.services.deps.store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  await seedHits(t.services, [
    { domain: SITE, url: `https://${SITE}/a`, timestamp: NOW - 10 * 60_000 },
    { domain: SITE, url: `https://${SITE}/b`, timestamp: NOW - 2 * 60_000 },
  ])
})
afterAll(() => t.cleanup())

const lastFiveMinutes = ['2026-11-20T11:55:00Z', '2026-11-20T11:59:59Z']

test('current visitors count a visit that began before the last five minutes', async () => {
  const res = await t.request('GET', `/api/sites/${SITE}/realtime`, undefined, headers)
  expect(await res.json()).toEqual({ visitors: 1 })
})

test('a query over the same minutes counts the visits that began in them, as documented', async () => {
  const visits = await postQuery(t, headers, {
    site_id: SITE,
    metrics: ['visitors', 'pageviews'],
    date_range: lastFiveMinutes,
  })
  expect(rowsOf(visits.json)).toEqual([[[], [0, 0]]])
  // By page, hits are counted where they happened.
  const pages = await postQuery(t, headers, {
    site_id: SITE,
    metrics: ['visitors', 'pageviews'],
    dimensions: ['event:page'],
    date_range: lastFiveMinutes,
  })
  expect(rowsOf(pages.json)).toEqual([[['/b'], [1, 1]]])
})
