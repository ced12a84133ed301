import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { createSegmentSite } from '../../helpers/segment-site'
import { seedHits, type SeedHit } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'segments.test'
// Segment names that lower case alone does not fold: final sigma, ß, dotted İ.
const FOLD_SITE = 'fold.segments.test'
const T0 = Date.UTC(2026, 10, 20, 9)
let t: TestApp
let headers: Record<string, string>

// Visitors per segment: A 5, B 3, C 1, D 1, and one visitor without a segment.
const COUNTS: Array<[string, number]> = [
  ['A', 5],
  ['B', 3],
  ['C', 1],
  ['D', 1],
  ['', 1],
]

beforeAll(async () => {
  t = await createTestApp({ now: Date.UTC(2026, 10, 20, 12) })
  headers = await t.login()
  const store = t.services.deps.store
  await createSegmentSite(store, SITE, ['A', 'B', 'C', 'D'])
  let n = 0
  const hits: SeedHit[] = COUNTS.flatMap(([name, count]) =>
    Array.from({ length: count }, () => {
      n += 1
      return {
        domain: SITE,
        url: `https://${SITE}/`,
        ip: `198.51.100.${n}`,
        timestamp: T0 + n * 60_000,
        ...(name && { segment: name }),
      }
    }),
  )
  // Each name sent in another spelling by three visitors: the resolver counts them for it.
  await createSegmentSite(store, FOLD_SITE, ['ΟΔΟΣ', 'İzmir', 'Großkunden'])
  const spellings = ['οδοσ', 'IZMIR', 'GROSSKUNDEN']
  const folded: SeedHit[] = spellings.flatMap((segment, i) =>
    [1, 2, 3].map((j) => ({
      domain: FOLD_SITE,
      url: `https://${FOLD_SITE}/`,
      ip: `203.0.113.${i * 3 + j}`,
      timestamp: T0 + (i * 3 + j) * 60_000,
      segment,
    })),
  )
  await seedHits(t.services, [...hits, ...folded])
})
afterAll(() => t.cleanup())

const day = { site_id: SITE, date_range: 'day' }

test('segments under k are shown merged, and the rows still add up to the total', async () => {
  const { json } = await postQuery(t, headers, {
    ...day,
    metrics: ['visitors', 'visits'],
    dimensions: ['visit:segment'],
  })
  // C and D (1 each) are under k = 3; with B (3) the merged row reaches k.
  expect(rowsOf(json)).toEqual([
    [['(fewer than 3 visitors)'], [5, 5]],
    [['A'], [5, 5]],
  ])
  expect(json.meta).toEqual({ k_anonymity: { k: 3, merged_segments: 3, withheld_rows: 0 } })
  const total = await postQuery(t, headers, {
    ...day,
    metrics: ['visitors'],
    filters: [['is_not', 'visit:segment', ['']]],
  })
  expect(rowsOf(total.json)).toEqual([[[], [10]]])
})

test.each([
  [['C'], [], 1],
  [['A'], [[[], [5]]], 0],
  [['C', 'D', 'B'], [[[], [5]]], 0],
])(
  'a filter on segments %j shows only rows of at least k visitors',
  async (segments, expected, withheld) => {
    const { json } = await postQuery(t, headers, {
      ...day,
      metrics: ['visitors'],
      filters: [['is', 'visit:segment', segments]],
    })
    expect(rowsOf(json)).toEqual(expected)
    expect(json.meta).toEqual({
      k_anonymity: { k: 3, merged_segments: 0, withheld_rows: withheld },
    })
  },
)

test('segment rows inside a time series use the same merge', async () => {
  const { json } = await postQuery(t, headers, {
    ...day,
    metrics: ['visitors'],
    dimensions: ['visit:segment', 'time:hour'],
  })
  expect(rowsOf(json)).toEqual([
    [['(fewer than 3 visitors)', '2026-11-20 09:00:00'], [5]],
    [['A', '2026-11-20 09:00:00'], [5]],
  ])
})

test('segment names sent in another spelling count for the segment, and filters find them', async () => {
  const fold = { site_id: FOLD_SITE, date_range: 'day' }
  const { json } = await postQuery(t, headers, {
    ...fold,
    metrics: ['visitors'],
    dimensions: ['visit:segment'],
    order_by: [['visit:segment', 'asc']],
  })
  expect(rowsOf(json)).toEqual([
    [['Großkunden'], [3]],
    [['İzmir'], [3]],
    [['ΟΔΟΣ'], [3]],
  ])
  const ci = { case_sensitive: false }
  for (const filter of [
    ['is', 'visit:segment', ['Οδοσ'], ci],
    ['is', 'visit:segment', ['ΟΔΟΣ'], ci],
    ['is', 'visit:segment', ['izmir'], ci],
    ['is', 'visit:segment', ['GROSSKUNDEN'], ci],
    ['contains', 'visit:segment', ['δοσ'], ci],
    ['contains', 'visit:segment', ['ROSSK'], ci],
    // More than multiSearchAny's 255 needles at once.
    ['contains', 'visit:segment', [...Array.from({ length: 300 }, (_, i) => `x${i}`), 'ROSSK'], ci],
  ]) {
    const filtered = await postQuery(t, headers, {
      ...fold,
      metrics: ['visitors'],
      filters: [filter],
    })
    expect([filter, rowsOf(filtered.json)]).toEqual([filter, [[[], [3]]]])
  }
})

describe('rows under k are withheld before pagination', () => {
  const PAGES = 'pages.segments.test'
  const YESTERDAY = T0 - 86_400_000
  beforeAll(async () => {
    await createSegmentSite(t.services.deps.store, PAGES, ['A', 'B'])
    const visit = (n: number, segment: string, path: string, timestamp: number): SeedHit => ({
      domain: PAGES,
      url: `https://${PAGES}${path}`,
      ip: `203.0.113.${n}`,
      timestamp,
      segment,
    })
    // Today: A on /x 4, A on /y 1 (under k), B on /x 3. Yesterday: B on /x 1 (under k).
    await seedHits(t.services, [
      ...[1, 2, 3, 4].map((n) => visit(n, 'A', '/x', T0 + n * 60_000)),
      visit(5, 'A', '/y', T0 + 5 * 60_000),
      ...[6, 7, 8].map((n) => visit(n, 'B', '/x', T0 + n * 60_000)),
      visit(9, 'B', '/x', YESTERDAY),
    ])
  })
  const pages = { site_id: PAGES, date_range: 'day', dimensions: ['visit:segment', 'event:page'] }

  test('a page is full when more rows exist, and total_rows counts the rows shown', async () => {
    const { status, json } = await postQuery(t, headers, {
      ...pages,
      metrics: ['visitors'],
      order_by: [['visitors', 'asc']],
      include: { total_rows: true },
      pagination: { limit: 2, offset: 0 },
    })
    expect(status).toBe(200)
    expect(rowsOf(json)).toEqual([
      [['B', '/x'], [3]],
      [['A', '/x'], [4]],
    ])
    expect(json.meta).toEqual({
      total_rows: 2,
      k_anonymity: { k: 3, merged_segments: 0, withheld_rows: 1 },
    })
  })

  test('a compared row under k shows no numbers, not 0 and +100 %', async () => {
    const { status, json } = await postQuery(t, headers, {
      ...pages,
      metrics: ['visitors'],
      include: { comparisons: { mode: 'previous_period' } },
    })
    expect(status).toBe(200)
    expect(json.results).toEqual([
      {
        dimensions: ['A', '/x'],
        metrics: [4],
        comparison: { dimensions: ['A', '/x'], metrics: [0], change: [100] },
      },
      {
        dimensions: ['B', '/x'],
        metrics: [3],
        comparison: { dimensions: ['B', '/x'], metrics: [null], change: [null] },
      },
    ])
  })

  test('a time series under a segment filter: a compared bucket under k shows no numbers', async () => {
    const { json } = await postQuery(t, headers, {
      site_id: PAGES,
      date_range: 'day',
      metrics: ['visitors'],
      dimensions: ['time:day'],
      filters: [['is', 'visit:segment', ['B']]],
      include: { comparisons: { mode: 'previous_period' } },
    })
    expect(json.results).toEqual([
      {
        dimensions: ['2026-11-20'],
        metrics: [3],
        comparison: { dimensions: ['2026-11-19'], metrics: [null], change: [null] },
      },
    ])
  })
})
