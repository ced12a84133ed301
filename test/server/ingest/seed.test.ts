import { afterAll, beforeAll, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits } from '../../helpers/seed'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const T0 = Date.UTC(2026, 10, 18, 9, 0, 0)

test('seedHits stores events and visits through the pipeline with their own timestamps', async () => {
  const site = await createSite(
    t.services.deps.store,
    { domain: 'seed.example', timezone: 'UTC', ownerId: 'u1' },
    T0,
  )
  await seedHits(t.services, [
    {
      domain: 'seed.example',
      url: 'https://seed.example/',
      timestamp: T0,
      referrer: 'https://www.google.com/',
    },
    { domain: 'seed.example', url: 'https://seed.example/pricing', timestamp: T0 + 60_000 },
    {
      domain: 'seed.example',
      name: 'Signup',
      url: 'https://seed.example/pricing',
      timestamp: T0 + 90_000,
      props: { plan: 'pro' },
    },
    {
      domain: 'seed.example',
      url: 'https://seed.example/',
      timestamp: T0 + 3_600_000,
      ip: '198.51.100.7',
    },
  ])
  const events = await t.services.deps.store.reader.query<{
    name: string
    pathname: string
    ts: string
    channel: string
  }>(
    'test',
    `SELECT name, pathname, toUnixTimestamp64Milli(timestamp) AS ts, channel FROM events
     WHERE site_id = {site:UInt32} ORDER BY timestamp`,
    { site: site.id },
  )
  expect(events.map((e) => [e.name, e.pathname, Number(e.ts), e.channel])).toEqual([
    ['pageview', '/', T0, 'Organic Search'],
    // Events carry their visit's attribution.
    ['pageview', '/pricing', T0 + 60_000, 'Organic Search'],
    ['Signup', '/pricing', T0 + 90_000, 'Organic Search'],
    ['pageview', '/', T0 + 3_600_000, 'Direct'],
  ])
  const visits = await t.services.deps.store.reader.query<{
    visits: string
    pageviews: string
    bounces: string
    duration: string
  }>(
    'test',
    `SELECT sum(sign) AS visits, sum(sign * pageviews) AS pageviews, sum(sign * is_bounce) AS bounces,
       sum(sign * duration) AS duration FROM sessions WHERE site_id = {site:UInt32}`,
    { site: site.id },
  )
  const v = visits[0]
  // Two visits: three hits within 90 s (no bounce: a custom event), then one an hour later.
  expect([v?.visits, v?.pageviews, v?.bounces, v?.duration].map(Number)).toEqual([2, 3, 1, 90])
})
