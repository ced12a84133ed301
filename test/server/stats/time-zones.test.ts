import { afterAll, beforeAll, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const at = (iso: string) => Date.parse(iso)
const hits = (domain: string, list: Array<[string, string]>) =>
  list.map(([ip, iso]) => ({ domain, url: `https://${domain}/`, ip, timestamp: at(iso) }))

let t: TestApp
let headers: Record<string, string>
beforeAll(async () => {
  t = await createTestApp({ now: at('2026-11-01T12:00:00Z') })
  headers = await t.login()
  const store = t.services.deps.store
  await createSite(
    store,
    { domain: 'santiago.test', timezone: 'America/Santiago', ownerId: 'o' },
    0,
  )
  await createSite(store, { domain: 'autumn.test', timezone: 'Europe/Berlin', ownerId: 'o' }, 0)
  await seedHits(t.services, [
    // Santiago skips midnight on 6 September 2026: 04:00Z is already 01:00 local (-03).
    ...hits('santiago.test', [
      ['198.51.100.1', '2026-09-06T03:59:00Z'], // 5 Sept 23:59 (-04)
      ['198.51.100.2', '2026-09-06T04:00:00Z'], // 6 Sept 01:00
      ['198.51.100.3', '2026-09-07T02:59:00Z'], // 6 Sept 23:59
      ['198.51.100.4', '2026-09-07T03:00:00Z'], // 7 Sept 00:00
    ]),
    // Berlin repeats 02:00–03:00 on 25 October 2026: a day of 25 hours.
    ...hits('autumn.test', [
      ['198.51.100.1', '2026-10-24T21:59:00Z'], // 24 Oct 23:59 CEST
      ['198.51.100.2', '2026-10-25T00:30:00Z'], // 02:30 CEST
      ['198.51.100.3', '2026-10-25T01:30:00Z'], // 02:30 CET
      ['198.51.100.4', '2026-10-25T22:59:00Z'], // 23:59 CET
      ['198.51.100.5', '2026-10-25T23:00:00Z'], // 26 Oct 00:00
    ]),
  ])
})
afterAll(() => t.cleanup())

test.each([
  ['santiago.test', ['2026-09-06', '2026-09-06'], 'time:day', [[['2026-09-06'], [2]]]],
  [
    'santiago.test',
    ['2026-09-05', '2026-09-07'],
    'time:day',
    [
      [['2026-09-05'], [1]],
      [['2026-09-06'], [2]],
      [['2026-09-07'], [1]],
    ],
  ],
  [
    'santiago.test',
    ['2026-09-06', '2026-09-06'],
    'time:hour',
    [
      [['2026-09-06 01:00:00'], [1]],
      [['2026-09-06 23:00:00'], [1]],
    ],
  ],
  ['autumn.test', ['2026-10-25', '2026-10-25'], 'time:day', [[['2026-10-25'], [3]]]],
  [
    'autumn.test',
    ['2026-10-25', '2026-10-25'],
    'time:hour',
    [
      [['2026-10-25 02:00:00'], [2]],
      [['2026-10-25 23:00:00'], [1]],
    ],
  ],
  [
    'autumn.test',
    ['2026-10-19', '2026-11-01'],
    'time:week',
    [
      [['2026-10-19'], [4]],
      [['2026-10-26'], [1]],
    ],
  ],
  ['autumn.test', ['2026-10-01', '2026-10-31'], 'time:month', [[['2026-10-01'], [5]]]],
] as const)('%s over %j by %s', async (site, range, dimension, expected) => {
  const { status, json } = await postQuery(t, headers, {
    site_id: site,
    metrics: ['visitors'],
    date_range: range,
    dimensions: [dimension],
  })
  expect(status).toBe(200)
  expect(rowsOf(json)).toEqual(expected)
})

test.each([
  [
    'santiago.test',
    '2026-09-06',
    23,
    '2026-09-06 01:00:00',
    ['2026-09-06T01:00:00-03:00', '2026-09-06T23:59:59-03:00'],
  ],
  [
    'autumn.test',
    '2026-10-25',
    24,
    '2026-10-25 00:00:00',
    ['2026-10-25T00:00:00+02:00', '2026-10-25T23:59:59+01:00'],
  ],
] as const)(
  '%s on %s: %i hour labels from %s and the range echoed with offsets',
  async (site, day, count, first, iso) => {
    const { json } = await postQuery(t, headers, {
      site_id: site,
      metrics: ['visitors'],
      date_range: [day, day],
      dimensions: ['time:hour'],
      include: { time_labels: true },
    })
    const labels = (json.meta as { time_labels: string[] }).time_labels
    expect([labels.length, labels[0]]).toEqual([count, first])
    expect((json.query as { date_range: string[] }).date_range).toEqual(iso)
  },
)

test('an exact datetime range counts the visits that started inside it', async () => {
  const { json } = await postQuery(t, headers, {
    site_id: 'autumn.test',
    metrics: ['visitors'],
    date_range: ['2026-10-25T02:00:00+01:00', '2026-10-25T02:59:59+01:00'],
  })
  expect(rowsOf(json)).toEqual([[[], [1]]])
})
