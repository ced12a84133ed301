import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { fetchRows, planTable, type RowsRequest } from '../../../server/stats/fetch-rows'
import type { SqlMetric } from '../../../server/stats/metrics-sql'
import type { TimeWindow } from '../../../server/stats/query'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'

const SITE = 'rollup.test'
const at = (iso: string) => Date.parse(iso)
let t: TestApp
let siteId = 0

beforeAll(async () => {
  t = await createTestApp({ now: at('2026-04-05T12:00:00Z') })
  siteId = (
    await createSite(t.services.deps.store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  ).id
  // 24 visitors over four days around Berlin's spring change; most visits have several
  // hits, so visits are stored as several cancelled and live states.
  const hits: SeedHit[] = []
  for (let v = 0; v < 24; v++) {
    const start = at('2026-03-28T20:00:00Z') + v * 3 * 3_600_000 + v * 7 * 60_000
    const pages = 1 + (v % 4)
    for (let p = 0; p < pages; p++)
      hits.push({
        domain: SITE,
        url: `https://${SITE}/p${p}`,
        ip: `198.51.100.${v + 1}`,
        timestamp: start + p * 90_000,
      })
    if (v % 5 === 0)
      hits.push({
        domain: SITE,
        name: 'engagement',
        url: `https://${SITE}/p0`,
        ip: `198.51.100.${v + 1}`,
        timestamp: start + pages * 90_000 + 30_000,
        engagementMs: 30_000,
      })
  }
  hits.sort((a, b) => a.timestamp - b.timestamp)
  await seedHits(t.services, hits)
})
afterAll(() => t.cleanup())

const METRICS: SqlMetric[] = [
  'visitors',
  'visits',
  'pageviews',
  'events',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
]
const dates = (from: string, to: string): TimeWindow => ({ kind: 'dates', from, to })

const request = (
  timezone: string,
  window: TimeWindow,
  dimensions: string[],
  granularity: RowsRequest['granularity'] = 'day',
): RowsRequest => ({
  siteId,
  timezone,
  granularity,
  window,
  dimensions,
  metrics: METRICS,
  filters: [],
  goals: [],
})

describe('the hourly rollup answers exactly like the visits table', () => {
  test.each([
    ['Europe/Berlin', dates('2026-03-28', '2026-03-31'), []],
    ['Europe/Berlin', dates('2026-03-29', '2026-03-29'), ['time:hour']],
    ['Europe/Berlin', dates('2026-03-28', '2026-03-31'), ['time:day']],
    ['Europe/Berlin', dates('2026-03-23', '2026-04-05'), ['time:week']],
    ['Europe/Berlin', dates('2026-03-01', '2026-04-30'), ['time:month']],
    ['America/Santiago', dates('2026-03-28', '2026-03-31'), ['time:day']],
    ['UTC', dates('2026-03-29', '2026-03-30'), ['time']],
    [
      'UTC',
      { kind: 'instants', fromMs: at('2026-03-29T03:00:00Z'), toMs: at('2026-03-30T05:00:00Z') },
      ['time:hour'],
    ],
  ] as Array<[string, TimeWindow, string[]]>)('%s %j by %j', async (tz, window, dimensions) => {
    const r = request(tz, window, dimensions, 'hour')
    expect(planTable(r)).toBe('sessions_hourly')
    const fromRollup = await fetchRows(t.services.deps.store, r)
    const fromVisits = await fetchRows(t.services.deps.store, { ...r, useRollups: false })
    expect(fromRollup.rows.length).toBeGreaterThan(0)
    expect(fromRollup.rows).toEqual(fromVisits.rows)
  })

  test('exact numbers over the whole seeded range', async () => {
    const { rows } = await fetchRows(
      t.services.deps.store,
      request('UTC', dates('2026-03-28', '2026-04-01'), []),
    )
    // 24 visits of 1–4 pages (6 of each); a visit of n pages lasts (n - 1) × 90 s, and
    // n × 90 + 30 s for the five that sent an engagement report: 3840 s over 24 visits.
    expect(rows).toEqual([
      {
        dimensions: [],
        metrics: {
          visitors: 24,
          visits: 24,
          pageviews: 60,
          events: 60,
          views_per_visit: 2.5,
          bounce_rate: 25,
          visit_duration: 160,
        },
      },
    ])
  })

  test.each([
    [
      'a filter',
      { filters: [{ op: 'is', dimension: 'visit:source', values: ['x'], caseSensitive: true }] },
    ],
    ['a visit dimension', { dimensions: ['visit:source'] }],
    ['minutes', { dimensions: ['time:minute'] }],
    ['a zone half an hour off', { timezone: 'Asia/Kolkata' }],
    [
      'an instant window off the hour',
      {
        window: {
          kind: 'instants',
          fromMs: at('2026-03-29T03:30:00Z'),
          toMs: at('2026-03-29T05:00:00Z'),
        },
      },
    ],
  ] as Array<[string, Partial<RowsRequest>]>)(
    '%s is answered from the visits table',
    async (_name, change) => {
      const r = { ...request('UTC', dates('2026-03-29', '2026-03-29'), []), ...change }
      expect(planTable(r)).toBe('sessions')
      // …and gives the same rows either way.
      const store = t.services.deps.store
      expect((await fetchRows(store, r)).rows).toEqual(
        (await fetchRows(store, { ...r, useRollups: false })).rows,
      )
    },
  )
})
