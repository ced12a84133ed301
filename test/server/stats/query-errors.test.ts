import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'errors.test'
let t: TestApp
let headers: Record<string, string>
beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  await createSite(
    t.services.deps.store,
    { domain: SITE, timezone: 'Europe/Berlin', ownerId: 'o' },
    0,
  )
  await seedHits(t.services, [
    { domain: SITE, url: `https://${SITE}/x`, timestamp: Date.UTC(2026, 10, 20, 9) },
  ])
})
afterAll(() => t.cleanup())

const ok = { site_id: SITE, metrics: ['visitors'], date_range: 'day' }

describe('malformed queries answer 400 naming the field', () => {
  test.each([
    [{ ...ok, metrics: ['visitors', 'bogus'] }, 'metrics[1]'],
    [{ ...ok, dimensions: ['visit:nope'] }, 'dimensions[0]'],
    [{ ...ok, metrics: ['bounce_rate'], dimensions: ['event:goal'] }, 'metrics[0]'],
    [{ ...ok, date_range: '2026-01-01' }, 'date_range'],
    [{ ...ok, date_range: ['2026-01-01', 'tomorrow'] }, 'date_range'],
    [{ ...ok, filters: [['is', 'event:goal', ['No such goal']]] }, 'filters'],
    [{ ...ok, filters: [['is', 'visit:source']] }, 'filters[0]'],
    // Valid in JavaScript, refused by RE2 (ClickHouse's engine).
    [{ ...ok, filters: [['matches', 'event:page', ['a{1001}']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches_not', 'visit:source', ['x\\Z']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches', 'event:page', ['(unclosed']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches', 'event:page', ['^/(?!admin)']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches', 'event:page', ['(a)\\1']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches', 'event:goal', ['x\\Z']]] }, 'filters[0][2]'],
    [{ ...ok, filters: [['matches', 'visit:country_name', ['(?<=x)y']]] }, 'filters[0][2]'],
    [
      {
        ...ok,
        filters: [
          ['matches', 'event:page', ['^/']],
          [
            'or',
            [
              ['is', 'visit:os', ['Linux']],
              ['not', ['matches', 'event:page', ['\\u00e9']]],
            ],
          ],
        ],
      },
      'filters[1][1][1][1][2]',
    ],
    [
      { ...ok, filters: [['matches', 'event:page', ['\\cA'], { case_sensitive: false }]] },
      'filters[0][2]',
    ],
    [{ ...ok, order_by: [['visits', 'desc']] }, 'order_by[0]'],
    [{ ...ok, filters: [['has_done']] }, 'filters[0]'],
    [{ ...ok, filters: [['has_done', ['is', 'visit:source', ['Google']]]] }, 'filters[0][1][1]'],
    [
      { ...ok, filters: [['has_not_done', ['not', ['has_done', ['is', 'event:name', ['x']]]]]] },
      'filters[0][1][1]',
    ],
    [{ ...ok, pagination: { limit: 0 } }, 'pagination.limit'],
    // More than 10,000 buckets: two years by the hour, 130 years by the day.
    [
      { ...ok, dimensions: ['time:hour'], date_range: ['2026-01-01', '2027-12-31'] },
      'dimensions[0]',
    ],
    [
      { ...ok, dimensions: ['visit:source', 'time:day'], date_range: ['1970-01-01', '2100-12-31'] },
      'dimensions[1]',
    ],
    [
      {
        ...ok,
        dimensions: ['time:hour'],
        include: { comparisons: { mode: 'custom', date_range: ['2000-01-01', '2026-01-01'] } },
      },
      'dimensions[0]',
    ],
    [{ ...ok, include: { time_labels: 'yes' } }, 'include.time_labels'],
    [{ ...ok, metrics: 'visitors' }, 'metrics'],
    [{ metrics: ['visitors'], date_range: 'day' }, 'site_id'],
  ])('%j → %s', async (body, field) => {
    const { status, json } = await postQuery(t, headers, body)
    expect(status).toBe(400)
    expect(json.field).toBe(field)
    expect(json.error).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}`))
  })

  test('a body that is not JSON', async () => {
    const res = await t.app.request('/api/v2/query', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{',
    })
    expect(res.status).toBe(400)
  })
})

describe('filters and their limits', () => {
  // More than 1,000 conditions would make SQL longer than ClickHouse takes (max_query_size).
  test.each([
    [
      '10,000 conditions',
      [['or', Array.from({ length: 10_000 }, (_, i) => ['is', 'event:page', [`/${i}`]])]],
    ],
    [
      '10,000 regular expressions in 20 filters',
      Array.from({ length: 20 }, () => [
        'matches',
        'event:page',
        Array.from({ length: 500 }, (_, i) => `^/${i}$`),
      ]),
    ],
  ])('%s: 400', async (_, filters) => {
    const { status, json } = await postQuery(t, headers, { ...ok, filters })
    expect(status).toBe(400)
    expect(json.field).toBe('filters')
    expect(json.error).toMatch(/^filters: at most 1000 conditions/)
  })

  test('a contains filter with 500 values finds the last one', async () => {
    const values = [...Array.from({ length: 499 }, (_, i) => `/nothing-${i}`), '/x']
    const { status, json } = await postQuery(t, headers, {
      ...ok,
      filters: [['contains', 'event:page', values]],
    })
    expect(status).toBe(200)
    expect(rowsOf(json)).toEqual([[[], [1]]])
    const ci = await postQuery(t, headers, {
      ...ok,
      filters: [
        ['contains', 'event:page', values.map((v) => v.toUpperCase()), { case_sensitive: false }],
      ],
    })
    expect(rowsOf(ci.json)).toEqual([[[], [1]]])
  })

  test('1,000 conditions, regular expressions counted one by one', async () => {
    const { status, json } = await postQuery(t, headers, {
      ...ok,
      filters: [
        ['or', Array.from({ length: 500 }, (_, i) => ['is', 'event:page', [`/${i}`, '/x']])],
        ['matches', 'event:page', Array.from({ length: 500 }, (_, i) => `^/${i}$|^/x$`)],
      ],
    })
    expect(status).toBe(200)
    expect(rowsOf(json)).toEqual([[[], [1]]])
  })
})

test('a body over 4 MB is a 413, refused before it is read', async () => {
  const filter = [
    'is',
    'event:page',
    Array.from({ length: 500 }, (_, i) => `/${i}`.padEnd(2000, 'x')),
  ]
  const { status, json } = await postQuery(t, headers, {
    ...ok,
    filters: [1, 2, 3, 4, 5].map(() => filter),
  })
  expect(status).toBe(413)
  expect(json.error).toBe('Request body must be at most 4 MB')
})

describe('access', () => {
  test('without a session: 401', async () => {
    expect((await postQuery(t, { 'sec-fetch-site': 'same-origin' }, ok)).status).toBe(401)
  })
  test('a site that does not exist: 404', async () => {
    expect((await postQuery(t, headers, { ...ok, site_id: 'other.test' })).status).toBe(404)
  })
})

const EVIL = [
  "'; DROP TABLE events; --",
  "x' OR '1'='1",
  '{site:UInt32}',
  "\\'); SELECT * FROM users; --",
  '`name`',
]

describe('injection strings in every field are refused or harmless parameters', () => {
  test.each(EVIL)('%j', async (evil) => {
    const cases: Array<Record<string, unknown>> = [
      { ...ok, site_id: evil },
      { ...ok, metrics: [evil] },
      { ...ok, dimensions: [evil] },
      { ...ok, dimensions: [`event:props:${evil}`] },
      { ...ok, date_range: evil },
      { ...ok, date_range: [evil, evil] },
      { ...ok, order_by: [[evil, 'desc']] },
      { ...ok, filters: [[evil, 'visit:source', ['x']]] },
      { ...ok, filters: [['is', evil, ['x']]] },
      { ...ok, filters: [['is', 'visit:source', [evil]]] },
      { ...ok, filters: [['contains', 'event:page', [evil], { case_sensitive: false }]] },
      { ...ok, filters: [['is', `event:props:${evil}`, [evil]]] },
      { ...ok, filters: [['is', 'event:goal', [evil]]] },
      { ...ok, include: { comparisons: { mode: 'custom', date_range: [evil, evil] } } },
    ]
    for (const body of cases) {
      const { status, json } = await postQuery(t, headers, body)
      // Refused, or answered as a value that matches nothing (the data stays as it was).
      expect([400, 404, 200]).toContain(status)
      if (status === 200)
        expect(rowsOf(json).every(([, m]) => m.every((v) => v === 0 || v === 1))).toBe(true)
    }
    const { json } = await postQuery(t, headers, ok)
    expect(rowsOf(json)).toEqual([[[], [1]]])
  })
})
