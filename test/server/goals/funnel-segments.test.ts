import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { createSegmentSite } from '../../helpers/segment-site'
import { seedHits, type SeedHit } from '../../helpers/seed'

const SITE = 'funnel-segments.test'
const T0 = Date.UTC(2026, 10, 20, 9)
let t: TestApp
let headers: Record<string, string>
let funnelId = ''

// Segment A: 4 visitors see the home page, 2 of them the cart. Segment C: 1 visitor, both pages.
beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  const store = t.services.deps.store
  await createSegmentSite(store, SITE, ['A', 'C'])
  const visit = (n: number, segment: string, cart: boolean): SeedHit[] => {
    const hit = { domain: SITE, ip: `198.51.100.${n}`, segment }
    return [
      { ...hit, url: `https://${SITE}/`, timestamp: T0 + n * 60_000 },
      ...(cart ? [{ ...hit, url: `https://${SITE}/cart`, timestamp: T0 + n * 60_000 + 1000 }] : []),
    ]
  }
  await seedHits(t.services, [
    ...visit(1, 'A', true),
    ...visit(2, 'A', true),
    ...visit(3, 'A', false),
    ...visit(4, 'A', false),
    ...visit(5, 'C', true),
  ])
  const base = `/api/sites/${SITE}`
  for (const [displayName, pagePath] of [
    ['Home', '/'],
    ['Cart', '/cart'],
  ])
    await t.request('POST', `${base}/goals`, { kind: 'page', pagePath, displayName }, headers)
  const res = await t.request(
    'POST',
    `${base}/funnels`,
    { name: 'Buy', steps: ['Home', 'Cart'] },
    headers,
  )
  funnelId = ((await res.json()) as { funnel: { id: string } }).funnel.id
})
afterAll(() => t.cleanup())

const queryFunnel = async (filters: unknown[]) => {
  const res = await t.request(
    'POST',
    `/api/sites/${SITE}/funnels/${funnelId}/query`,
    { date_range: 'day', filters },
    headers,
  )
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

test('a funnel filtered by a segment withholds the steps of fewer than k visitors', async () => {
  const { status, json } = await queryFunnel([['is', 'visit:segment', ['C']]])
  expect(status).toBe(200)
  expect(json.steps).toEqual([])
  expect(json.k_anonymity).toEqual({ k: 3, withheld_steps: 2 })
})

test('a step under k ends the funnel: later steps, and their drop-off, are withheld too', async () => {
  const { json } = await queryFunnel([
    [
      'or',
      [
        ['is', 'visit:segment', ['A']],
        ['is', 'visit:device', ['Tablet']],
      ],
    ],
  ])
  expect(json.steps).toEqual([{ name: 'Home', visitors: 4, conversionRate: 100, dropOff: 0 }])
  expect(json.k_anonymity).toEqual({ k: 3, withheld_steps: 1 })
  const both = await queryFunnel([['is', 'visit:segment', ['A', 'C']]])
  expect(both.json.steps).toEqual([
    { name: 'Home', visitors: 5, conversionRate: 100, dropOff: 0 },
    { name: 'Cart', visitors: 3, conversionRate: 60, dropOff: 2 },
  ])
  expect(both.json.k_anonymity).toEqual({ k: 3, withheld_steps: 0 })
})

test('without a segment filter nothing is withheld and no k is reported', async () => {
  const { json } = await queryFunnel([])
  expect((json.steps as Array<{ visitors: number }>).map((s) => s.visitors)).toEqual([5, 3])
  expect(json.k_anonymity).toBeUndefined()
})
