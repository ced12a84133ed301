import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { saveGoal } from '../../../server/goals/goals'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

// Berlin's 29 March 2026 has 23 hours: 2026-03-28T23:00Z … 2026-03-29T22:00Z.
const BERLIN = 'berlin.test'
const GOOGLE = 'https://www.google.com/'
const MOBILE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const at = (iso: string) => Date.parse(iso)
const hit = (ip: string, path: string, iso: string, extra: Partial<SeedHit> = {}): SeedHit => ({
  domain: BERLIN,
  url: `https://${BERLIN}${path}`,
  ip,
  timestamp: at(iso),
  ...extra,
})

let t: TestApp
let headers: Record<string, string>
beforeAll(async () => {
  t = await createTestApp({ now: at('2026-04-02T12:00:00Z') })
  headers = await t.login()
  const store = t.services.deps.store
  const site = await createSite(
    store,
    { domain: BERLIN, timezone: 'Europe/Berlin', ownerId: 'owner' },
    at('2026-01-01T00:00:00Z'),
  )
  await saveGoal(
    store,
    site.id,
    { kind: 'event', eventName: 'Signup', pagePath: '', displayName: 'Signup', currency: 'EUR' },
    0,
  )
  await saveGoal(
    store,
    site.id,
    { kind: 'page', eventName: '', pagePath: '/blog/**', displayName: 'Blog', currency: '' },
    0,
  )
  await seedHits(t.services, [
    // Local 28 March, 23:30: the day before.
    hit('198.51.100.5', '/early', '2026-03-28T22:30:00Z'),
    // Visitor 1, local 00:30: two pages and an engagement report ten minutes after arriving.
    hit('198.51.100.1', '/a', '2026-03-28T23:30:00Z'),
    hit('198.51.100.1', '/b', '2026-03-28T23:35:00Z'),
    hit('198.51.100.1', '/b', '2026-03-28T23:40:00Z', {
      name: 'engagement',
      engagementMs: 20_000,
      scrollDepth: 80,
    }),
    // Visitor 2 from Google, local 03:10 (after the clocks jumped): a bounce.
    hit('198.51.100.2', '/a', '2026-03-29T01:10:00Z', { referrer: GOOGLE }),
    // Visitor 3 on a phone from Google, local 12:00: a blog page and a paid signup.
    hit('198.51.100.3', '/blog/x', '2026-03-29T10:00:00Z', {
      referrer: GOOGLE,
      userAgent: MOBILE_UA,
    }),
    hit('198.51.100.3', '/blog/x', '2026-03-29T10:01:00Z', {
      name: 'Signup',
      referrer: GOOGLE,
      userAgent: MOBILE_UA,
      props: { plan: 'pro' },
      revenue: { amount: 10, currency: 'EUR' },
    }),
    // Visitor 1 again at local 22:00: a new UTC day, so a new daily hash and a new visitor.
    hit('198.51.100.1', '/a', '2026-03-29T20:00:00Z'),
    // Local 30 March, 00:30 (still the 29th in UTC): the day after.
    hit('198.51.100.4', '/late', '2026-03-29T22:30:00Z'),
  ])
})
afterAll(() => t.cleanup())

const DAY = ['2026-03-29', '2026-03-29']
const query = (body: Record<string, unknown>) =>
  postQuery(t, headers, { site_id: BERLIN, date_range: DAY, ...body })

describe('POST /api/v2/query on a DST day in Europe/Berlin', () => {
  test('top stats: every visit metric, exactly', async () => {
    const { status, json } = await query({
      metrics: [
        'visitors',
        'visits',
        'pageviews',
        'views_per_visit',
        'bounce_rate',
        'visit_duration',
        'events',
      ],
    })
    expect(status).toBe(200)
    // 4 visitors: visitor 1 counts twice, once per daily hash (see docs/metrics.md).
    // Durations 600 + 0 + 60 + 0 seconds over 4 visits.
    expect(rowsOf(json)).toEqual([[[], [4, 4, 5, 1.25, 50, 165, 6]]])
    expect(json.query).toMatchObject({
      date_range: ['2026-03-29T00:00:00+01:00', '2026-03-29T23:59:59+02:00'],
    })
  })

  test('hourly time series has 23 labels and local hours', async () => {
    const { json } = await query({
      metrics: ['visitors', 'pageviews'],
      dimensions: ['time:hour'],
      include: { time_labels: true },
    })
    expect(rowsOf(json)).toEqual([
      [['2026-03-29 00:00:00'], [1, 2]],
      [['2026-03-29 03:00:00'], [1, 1]],
      [['2026-03-29 12:00:00'], [1, 1]],
      [['2026-03-29 22:00:00'], [1, 1]],
    ])
    const labels = (json.meta as { time_labels: string[] }).time_labels
    expect(labels).toHaveLength(23)
    expect(labels).not.toContain('2026-03-29 02:00:00')
  })

  test.each([
    [
      'visit:source',
      ['visitors', 'visits', 'bounce_rate'],
      [
        [['Direct / None'], [2, 2, 50]],
        [['Google'], [2, 2, 50]],
      ],
    ],
    [
      'visit:channel',
      ['visitors'],
      [
        [['Direct'], [2]],
        [['Organic Search'], [2]],
      ],
    ],
    [
      'visit:entry_page',
      ['visitors', 'visits'],
      [
        [['/a'], [3, 3]],
        [['/blog/x'], [1, 1]],
      ],
    ],
    [
      'visit:exit_page',
      ['visitors', 'visits'],
      [
        [['/a'], [2, 2]],
        [['/b'], [1, 1]],
        [['/blog/x'], [1, 1]],
      ],
    ],
    [
      'visit:device',
      ['visitors', 'percentage'],
      [
        [['Desktop'], [3, 75]],
        [['Mobile'], [1, 25]],
      ],
    ],
    ['visit:country', ['visitors'], []],
    [
      'event:page',
      ['visitors', 'pageviews', 'bounce_rate'],
      [
        [['/a'], [3, 3, 67]],
        [['/b'], [1, 1, 0]],
        [['/blog/x'], [1, 1, 0]],
      ],
    ],
    [
      'event:props:plan',
      ['visitors', 'events'],
      [
        [['(none)'], [4, 5]],
        [['pro'], [1, 1]],
      ],
    ],
    // Visits with an event dimension: the visits that contain such a hit (docs/metrics.md).
    [
      'event:props:plan',
      ['visits', 'views_per_visit'],
      [
        [['(none)'], [4, 1.25]],
        [['pro'], [1, 0]],
      ],
    ],
    [
      'event:goal',
      ['visitors', 'events', 'conversion_rate', 'total_revenue'],
      [
        [['Blog'], [1, 1, 25, 0]],
        [['Signup'], [1, 1, 25, 10]],
      ],
    ],
  ] as const)('breakdown by %s', async (dimension, metrics, expected) => {
    const { status, json } = await query({ metrics, dimensions: [dimension] })
    expect(status).toBe(200)
    expect(rowsOf(json)).toEqual(expected)
  })

  test('scroll depth and time on page per page', async () => {
    const { json } = await query({
      metrics: ['scroll_depth', 'time_on_page'],
      filters: [['is', 'event:page', ['/b']]],
    })
    expect(rowsOf(json)).toEqual([[[], [80, 20]]])
  })

  test.each([
    [
      [['is', 'event:goal', ['Signup']]],
      ['visitors', 'events', 'conversion_rate', 'total_revenue', 'average_revenue'],
      [1, 1, 25, 10, 10],
    ],
    [[['is', 'visit:source', ['Google']]], ['visitors', 'pageviews', 'bounce_rate'], [2, 2, 50]],
    // The conversion rate divides by the visitors of the other filters, however they are written.
    [
      [
        ['is', 'event:goal', ['Signup']],
        ['is', 'visit:source', ['Google']],
      ],
      ['visitors', 'conversion_rate'],
      [1, 50],
    ],
    [
      [
        [
          'and',
          [
            ['is', 'visit:source', ['Google']],
            ['and', [['is', 'event:goal', ['Signup']]]],
          ],
        ],
      ],
      ['visitors', 'conversion_rate'],
      [1, 50],
    ],
    [[['is', 'visit:source', ['Direct / None']]], ['visitors', 'visits'], [2, 2]],
    [
      [['is', 'visit:source', ['direct / none'], { case_sensitive: false }]],
      ['visitors', 'visits'],
      [2, 2],
    ],
    [[['is_not', 'visit:source', ['DIRECT / NONE'], { case_sensitive: false }]], ['visitors'], [2]],
    [[['is_not', 'visit:source', ['Google']]], ['visitors'], [2]],
    [[['is', 'event:page', ['/b']]], ['visitors', 'visits', 'pageviews'], [1, 1, 1]],
    // "(none)", as the breakdown labels hits without the property.
    [[['is', 'event:props:plan', ['(none)']]], ['visitors', 'events'], [4, 5]],
    [[['is', 'event:props:plan', ['(none)', 'pro']]], ['visitors', 'events'], [4, 6]],
    [[['is_not', 'event:props:plan', ['(none)']]], ['visitors', 'events'], [1, 1]],
    [[['contains', 'event:page', ['BLOG'], { case_sensitive: false }]], ['visitors'], [1]],
    [[['contains', 'event:page', ['BLOG']]], ['visitors'], [0]],
    [[['matches', 'event:page', ['^/(a|b)$']]], ['visitors', 'pageviews'], [3, 4]],
    [[['matches_not', 'event:page', ['^/a$']]], ['visitors'], [1]],
    // RE2 syntax that JavaScript does not know: flags and named groups.
    [[['matches', 'event:page', ['(?i)^/(?P<p>A|B)$']]], ['visitors', 'pageviews'], [3, 4]],
    [[['matches', 'event:page', ['^/(?i:A)\\z']]], ['visitors'], [3]],
    [[['matches', 'event:goal', ['(?i)^sign']]], ['visitors'], [1]],
    [[['matches_not', 'event:goal', ['(?P<g>Blog)']]], ['visitors'], [3]],
    [
      [
        [
          'or',
          [
            ['is', 'visit:entry_page', ['/blog/x']],
            ['is', 'visit:exit_page', ['/b']],
          ],
        ],
      ],
      ['visits'],
      [2],
    ],
    [[['not', ['is', 'visit:device', ['Desktop']]]], ['visitors'], [1]],
    // Behavioural filters keep whole visits: those with (without) a matching hit.
    [
      [['has_done', ['is', 'event:goal', ['Signup']]]],
      ['visitors', 'visits', 'pageviews'],
      [1, 1, 1],
    ],
    [[['has_not_done', ['is', 'event:page', ['/b']]]], ['visitors', 'pageviews'], [3, 3]],
    [[['is_not', 'event:page', ['/b']]], ['visitors', 'pageviews'], [4, 4]],
    [
      [
        [
          'has_done',
          [
            'and',
            [
              ['is', 'event:name', ['Signup']],
              ['is', 'event:props:plan', ['pro']],
            ],
          ],
        ],
      ],
      ['visitors', 'events', 'bounce_rate'],
      [1, 2, 0],
    ],
    [[['not', ['has_done', ['matches', 'event:page', ['(?i)^/A$']]]]], ['visitors'], [1]],
    [[['is', 'event:props:plan', ['pro']]], ['visitors', 'events'], [1, 1]],
    [
      [
        ['is', 'visit:exit_page', ['/a']],
        ['is', 'visit:source', ['Google']],
      ],
      ['visits', 'bounce_rate'],
      [1, 100],
    ],
  ])('filters %j', async (filters, metrics, expected) => {
    const { status, json } = await query({ metrics, filters })
    expect(status).toBe(200)
    expect(rowsOf(json)).toEqual([[[], expected]])
  })

  test('has_done with a page breakdown lists every page of the visits that did it', async () => {
    const body = { metrics: ['visitors', 'pageviews'], dimensions: ['event:page'] }
    const done = await query({ ...body, filters: [['has_done', ['is', 'event:page', ['/b']]]] })
    expect(rowsOf(done.json)).toEqual([
      [['/a'], [1, 1]],
      [['/b'], [1, 1]],
    ])
    const plain = await query({ ...body, filters: [['is', 'event:page', ['/b']]] })
    expect(rowsOf(plain.json)).toEqual([[['/b'], [1, 1]]])
  })

  test('a bucket with no counterpart in a shorter compared range has no comparison', async () => {
    const { status, json } = await query({
      metrics: ['visitors'],
      dimensions: ['time:day'],
      date_range: ['2026-03-28', '2026-03-29'],
      include: { comparisons: { mode: 'custom', date_range: ['2026-03-20', '2026-03-20'] } },
    })
    expect(status).toBe(200)
    expect(json.results).toEqual([
      {
        dimensions: ['2026-03-28'],
        metrics: [1],
        comparison: { dimensions: ['2026-03-20'], metrics: [0], change: [100] },
      },
      { dimensions: ['2026-03-29'], metrics: [4] },
    ])
  })

  test('comparison of a breakdown by two dimensions pairs rows by both values', async () => {
    const { status, json } = await query({
      metrics: ['visitors'],
      dimensions: ['visit:source', 'visit:device'],
      include: { comparisons: { mode: 'previous_period' } },
    })
    expect(status).toBe(200)
    const pair = (source: string, device: string, now: number, before: number, change: number) => ({
      dimensions: [source, device],
      metrics: [now],
      comparison: { dimensions: [source, device], metrics: [before], change: [change] },
    })
    expect(json.results).toEqual([
      pair('Direct / None', 'Desktop', 2, 1, 100),
      pair('Google', 'Desktop', 1, 0, 100),
      pair('Google', 'Mobile', 1, 0, 100),
    ])
  })

  test('year over year of datetimes compares the same local hours, across a DST change', async () => {
    const { status, json } = await query({
      metrics: ['visitors'],
      date_range: ['2026-03-29T03:00:00+02:00', '2026-03-29T03:59:59+02:00'],
      include: { comparisons: { mode: 'year_over_year' } },
    })
    expect(status).toBe(200)
    expect(json.meta).toEqual({
      comparison_date_range: ['2025-03-29T03:00:00+01:00', '2025-03-29T03:59:59+01:00'],
    })
  })

  test('comparison with the previous period returns values and change', async () => {
    const { json } = await query({
      metrics: ['visitors', 'bounce_rate'],
      include: { comparisons: { mode: 'previous_period' } },
    })
    expect(json.results).toEqual([
      {
        dimensions: [],
        metrics: [4, 50],
        comparison: { dimensions: [], metrics: [1, 100], change: [300, -50] },
      },
    ])
    expect(json.meta).toEqual({
      comparison_date_range: ['2026-03-28T00:00:00+01:00', '2026-03-28T23:59:59+01:00'],
    })
  })

  test('comparison of a daily series pairs days by position', async () => {
    const { json } = await query({
      metrics: ['visitors'],
      date_range: ['2026-03-29', '2026-03-30'],
      dimensions: ['time:day'],
      include: {
        comparisons: { mode: 'custom', date_range: ['2026-03-27', '2026-03-28'] },
        time_labels: true,
      },
    })
    expect(json.results).toEqual([
      {
        dimensions: ['2026-03-29'],
        metrics: [4],
        comparison: { dimensions: ['2026-03-27'], metrics: [0], change: [100] },
      },
      {
        dimensions: ['2026-03-30'],
        metrics: [1],
        comparison: { dimensions: ['2026-03-28'], metrics: [1], change: [0] },
      },
    ])
  })

  test('pagination, ordering and total_rows', async () => {
    const { json } = await query({
      metrics: ['visitors'],
      dimensions: ['event:page'],
      order_by: [['event:page', 'desc']],
      include: { total_rows: true },
      pagination: { limit: 1, offset: 1 },
    })
    expect(rowsOf(json)).toEqual([[['/b'], [1]]])
    expect(json.meta).toEqual({ total_rows: 3 })
  })

  test('totals have one row: the page after it is empty, not a row of zeros', async () => {
    const first = await query({ metrics: ['visitors', 'pageviews'], include: { total_rows: true } })
    expect(rowsOf(first.json)).toEqual([[[], [4, 5]]])
    const { json } = await query({
      metrics: ['visitors', 'pageviews'],
      include: { total_rows: true },
      pagination: { limit: 1, offset: 1 },
    })
    expect(rowsOf(json)).toEqual([])
    expect(json.meta).toEqual({ total_rows: 1 })
  })

  test('a page past the last row is empty and still says how many rows there are', async () => {
    const { json } = await query({
      metrics: ['visitors'],
      dimensions: ['event:page'],
      include: { total_rows: true },
      pagination: { limit: 10, offset: 10 },
    })
    expect(rowsOf(json)).toEqual([])
    expect(json.meta).toEqual({ total_rows: 3 })
  })

  test('group conversion rate per source', async () => {
    const { json } = await query({
      metrics: ['visitors', 'group_conversion_rate'],
      dimensions: ['visit:source'],
      filters: [['is', 'event:goal', ['Signup']]],
    })
    expect(rowsOf(json)).toEqual([[['Google'], [1, 50]]])
  })
})
