import { afterAll, beforeAll, expect, test } from 'vitest'
import { saveGoal } from '../../../server/goals/goals'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'revenue.test'
const T0 = Date.UTC(2026, 10, 20, 9)
let t: TestApp
let headers: Record<string, string>

const event = (n: number, name: string, amount: number, currency: string): SeedHit => ({
  domain: SITE,
  url: `https://${SITE}/checkout`,
  name,
  ip: `198.51.100.${n}`,
  timestamp: T0 + n * 60_000,
  revenue: { amount, currency },
})

// Purchase is a revenue goal in EUR; one purchase is sent in dollars. Signup carries no currency.
beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  const store = t.services.deps.store
  const site = await createSite(store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  const goal = (eventName: string, currency: string) =>
    saveGoal(
      store,
      site.id,
      { kind: 'event', eventName, pagePath: '', displayName: eventName, currency },
      0,
    )
  await goal('Purchase', 'EUR')
  await goal('Signup', '')
  await seedHits(t.services, [
    event(1, 'Purchase', 10, 'EUR'),
    event(2, 'Purchase', 30, 'EUR'),
    event(3, 'Purchase', 100, 'USD'),
    event(4, 'Signup', 5, 'EUR'),
  ])
})
afterAll(() => t.cleanup())

const metrics = ['visitors', 'total_revenue', 'average_revenue']

test('revenue is summed in the goal’s currency only', async () => {
  const { status, json } = await postQuery(t, headers, {
    site_id: SITE,
    date_range: 'day',
    metrics,
    filters: [['is', 'event:goal', ['Purchase']]],
  })
  expect(status).toBe(200)
  expect(rowsOf(json)).toEqual([[[], [3, 40, 20]]])
})

test('a goal without a currency has no revenue; each goal row its own', async () => {
  const { json } = await postQuery(t, headers, {
    site_id: SITE,
    date_range: 'day',
    metrics,
    dimensions: ['event:goal'],
  })
  expect(rowsOf(json)).toEqual([
    [['Purchase'], [3, 40, 20]],
    [['Signup'], [1, 0, 0]],
  ])
})
