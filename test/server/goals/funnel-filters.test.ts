import { afterAll, beforeAll, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'

const SITE = 'funnel-filters.test'
const T0 = Date.UTC(2026, 10, 20, 9)
let t: TestApp
let headers: Record<string, string>
let funnelId = ''

const hit = (n: number, path: string, second: number, extra: Partial<SeedHit> = {}): SeedHit => ({
  domain: SITE,
  url: `https://${SITE}${path}`,
  ip: `198.51.100.${n}`,
  timestamp: T0 + n * 60_000 + second * 1000,
  ...extra,
})

// Three visitors see the home page; 1 signs up for "pro" on /signup, 2 for "free" on /pricing.
beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  await createSite(t.services.deps.store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  await seedHits(t.services, [
    hit(1, '/', 0),
    hit(1, '/signup', 1, { name: 'Signup', props: { plan: 'pro' } }),
    hit(2, '/', 0),
    hit(2, '/pricing', 1, { name: 'Signup', props: { plan: 'free' } }),
    hit(3, '/', 0),
  ])
  const base = `/api/sites/${SITE}`
  await t.request(
    'POST',
    `${base}/goals`,
    { kind: 'page', pagePath: '/', displayName: 'Home' },
    headers,
  )
  await t.request('POST', `${base}/goals`, { kind: 'event', eventName: 'Signup' }, headers)
  const res = await t.request(
    'POST',
    `${base}/funnels`,
    { name: 'Join', steps: ['Home', 'Signup'] },
    headers,
  )
  funnelId = ((await res.json()) as { funnel: { id: string } }).funnel.id
})
afterAll(() => t.cleanup())

const visitorsPerStep = async (filters: unknown[]) => {
  const res = await t.request(
    'POST',
    `/api/sites/${SITE}/funnels/${funnelId}/query`,
    { date_range: 'day', filters },
    headers,
  )
  expect(res.status).toBe(200)
  const json = (await res.json()) as { steps: Array<{ visitors: number }> }
  return json.steps.map((s) => s.visitors)
}

test.each([
  [[], [3, 2]],
  // Event filters narrow the custom-event steps; the page step still counts its page views.
  [[['is', 'event:props:plan', ['pro']]], [3, 1]],
  [[['is_not', 'event:props:plan', ['pro']]], [3, 1]],
  [[['is', 'event:page', ['/signup']]], [3, 1]],
  [[['is', 'event:name', ['Signup']]], [3, 2]],
  [[['matches', 'event:props:plan', ['^(pro|free)$']]], [3, 2]],
  // Visit filters, and the host name, narrow every step.
  [[['is', 'event:hostname', ['elsewhere.test']]], [0, 0]],
  [[['is', 'visit:entry_page', ['/']]], [3, 2]],
  [[['is', 'visit:entry_page', ['/pricing']]], [0, 0]],
  // Behavioural filters choose whole visits, for every step.
  [[['has_done', ['is', 'event:props:plan', ['pro']]]], [1, 1]],
  [[['has_not_done', ['is', 'event:name', ['Signup']]]], [1, 0]],
])('filters %j: visitors per step %j', async (filters, expected) => {
  expect(await visitorsPerStep(filters)).toEqual(expected)
})
