import { afterAll, beforeAll, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'countries.test'
const T0 = Date.UTC(2026, 10, 20, 9)
let t: TestApp
let headers: Record<string, string>

// One visitor from Germany (a Deutsche Telekom address), one whose location is unknown.
beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  await createSite(t.services.deps.store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  await seedHits(t.services, [
    { domain: SITE, url: `https://${SITE}/`, ip: '62.157.140.133', timestamp: T0 },
    { domain: SITE, url: `https://${SITE}/`, ip: '198.51.100.1', timestamp: T0 + 60_000 },
  ])
})
afterAll(() => t.cleanup())

const visitors = async (filter: unknown[], dimensions: string[] = []) => {
  const { status, json } = await postQuery(t, headers, {
    site_id: SITE,
    date_range: 'day',
    metrics: ['visitors'],
    dimensions,
    filters: [filter],
  })
  expect(status).toBe(200)
  return rowsOf(json)
}

test('the breakdown shows the English name', async () => {
  expect(await visitors(['is', 'visit:country', ['DE']], ['visit:country_name'])).toEqual([
    [['Germany'], [1]],
  ])
})

test.each([
  [['is', 'visit:country_name', ['Germany']], 1],
  [['is', 'visit:country_name', ['germany'], { case_sensitive: false }], 1],
  [['contains', 'visit:country_name', ['Germ']], 1],
  [['contains', 'visit:country_name', ['many', 'Zz']], 1],
  [['contains', 'visit:country_name', ['germ']], 0],
  [['contains', 'visit:country_name', ['GERM'], { case_sensitive: false }], 1],
  [['contains', 'visit:country_name', ['France']], 0],
  [['contains_not', 'visit:country_name', ['Germ']], 1],
  [['matches', 'visit:country_name', ['^Ger.*y$']], 1],
  [['matches', 'visit:country_name', ['^ger'], { case_sensitive: false }], 1],
  [['matches', 'visit:country_name', ['^DE$']], 0],
  [['matches_not', 'visit:country_name', ['^Ger']], 1],
  [['matches', 'visit:country_name', ['(?i)^GER']], 1],
  [['matches', 'visit:country_name', ['^(?P<start>Germ)any\\z']], 1],
])('%j counts the visitors of the countries whose names match: %i', async (filter, count) => {
  expect(await visitors(filter)).toEqual([[[], [count]]])
})
