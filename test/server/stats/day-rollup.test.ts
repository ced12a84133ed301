import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { eraseSiteData } from '../../../server/deletion/erase'
import { getGoals, saveGoal, type Goal } from '../../../server/goals/goals'
import { createSite, type Site } from '../../../server/sites/sites'
import { parseQuery, queryBodySchema } from '../../../server/stats/parse-query'
import { getQueryResult } from '../../../server/stats/get-query-result'
import { fetchRows, type RowsRequest } from '../../../server/stats/fetch-rows'
import type { SqlMetric } from '../../../server/stats/metrics-sql'
import type { TimeWindow } from '../../../server/stats/query'
import { getSealedDays } from '../../../server/stats/day-states'
import { sealFinishedDays } from '../../../server/stats/seal-days'
import type { Store } from '../../../server/store'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'

const SITE = 'days.test'
const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-04-06T12:00:00Z')
const DAY = 86_400_000
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
]
const REFERRERS = ['', 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1']

let t: TestApp
let store: Store
let siteId = 0
let site: Site
let goals: Goal[] = []

/**
 * 36 visitors over 12 days (2026-03-26 … 04-06, around Berlin's and Santiago's clock
 * changes). Each visits on two days out of three at an hour that moves with the day; some
 * visits start at 23:50 UTC and go on past midnight under the first day's hash, some return
 * the same day, some send custom events (goals) and campaign links.
 */
function traffic(): SeedHit[] {
  const hits: SeedHit[] = []
  for (let v = 0; v < 36; v++)
    for (let d = 0; d < 12; d++) {
      if ((v + d) % 3 === 0) continue
      const day = at('2026-03-26T00:00:00Z') + d * DAY
      const crossing = (v + d) % 7 === 0
      const starts = crossing
        ? [day + 23 * 3_600_000 + 50 * 60_000]
        : [day + ((v * 7 + d * 5) % 24) * 3_600_000 + ((v * 13) % 60) * 60_000]
      if (!crossing && (v + d) % 5 === 0) starts.push((starts[0] ?? 0) + 2 * 3_600_000)
      for (const [k, start] of starts.entries()) {
        const pages = 1 + ((v + d + k) % 4)
        const campaign = (v + d) % 4 === 1 ? `?utm_source=news&utm_campaign=c${d % 2}` : ''
        for (let p = 0; p < pages; p++)
          hits.push({
            domain: SITE,
            url: `https://${SITE}/p${(v + p) % 7}${p === 0 ? campaign : ''}`,
            referrer: p === 0 ? REFERRERS[(v + d) % 3] : undefined,
            ip: `198.51.100.${v + 1}`,
            userAgent: UAS[v % 3],
            timestamp: start + p * 6 * 60_000,
          })
        if ((v + d) % 4 === 0)
          hits.push({
            domain: SITE,
            name: v % 2 === 0 ? 'Signup' : 'Purchase',
            url: `https://${SITE}/checkout`,
            ip: `198.51.100.${v + 1}`,
            userAgent: UAS[v % 3],
            timestamp: start + pages * 6 * 60_000,
            ...(v % 2 === 1 && { revenue: { amount: 10 + v, currency: 'EUR' } }),
          })
      }
    }
  return hits
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  store = t.services.deps.store
  site = await createSite(store, { domain: SITE, timezone: 'Europe/Berlin', ownerId: 'o' }, 0)
  siteId = site.id
  for (const eventName of ['Signup', 'Purchase'])
    await saveGoal(
      store,
      siteId,
      { kind: 'event', eventName, pagePath: '', displayName: eventName, currency: '' },
      0,
    )
  goals = await getGoals(store, siteId)
  await seedHits(t.services, traffic())
  await sealFinishedDays(store, NOW)
}, 120_000)
afterAll(() => t.cleanup())

const dates = (from: string, to: string): TimeWindow => ({ kind: 'dates', from, to })
const ZONES = ['Europe/Berlin', 'America/Santiago', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu']
const WINDOWS = [
  dates('2026-03-26', '2026-04-06'),
  dates('2026-03-28', '2026-03-30'),
  dates('2026-03-29', '2026-03-29'),
  dates('2026-04-04', '2026-04-04'),
  dates('2026-04-02', '2026-04-06'),
]

const BY_DIMENSION: Array<[string[], SqlMetric[]]> = [
  [[], ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']],
  [['time:day'], ['visitors', 'pageviews']],
  [['time:week'], ['visitors', 'visits']],
  [['visit:source'], ['visitors']],
  [['visit:channel'], ['visitors', 'visits']],
  [['visit:utm_campaign'], ['visitors']],
  [['visit:device'], ['visitors']],
  [['visit:browser'], ['visitors', 'visits']],
  [['visit:os'], ['visitors']],
  [['visit:entry_page'], ['visitors', 'visits']],
  [['visit:exit_page'], ['visitors', 'visits']],
  [['event:page'], ['visitors', 'pageviews']],
  [['event:goal'], ['visitors', 'events']],
]

/** The store as a new object (so nothing it remembers is shared), recording what it runs. */
function recording(names: string[], sqls: string[] = []): Store {
  return {
    ...store,
    reader: {
      ...store.reader,
      query: (name, sql, params) => {
        names.push(name)
        sqls.push(sql)
        return store.reader.query(name, sql, params)
      },
    },
  }
}

const request = (
  timezone: string,
  window: TimeWindow,
  dimensions: string[],
  metrics: SqlMetric[],
): RowsRequest => ({
  siteId,
  timezone,
  granularity: 'day',
  window,
  dimensions,
  metrics,
  filters: [],
  goals,
  orderBy: [['visitors', 'desc'], ...dimensions.map((d): [string, 'asc'] => [d, 'asc'])],
})

/** Both answers, and whether the finished-day counts gave the first. */
async function both(r: RowsRequest) {
  const names: string[] = []
  const counted = await fetchRows(recording(names), r)
  const tables = await fetchRows(store, { ...r, useRollups: false })
  return { counted, tables, used: names.some((n) => n.startsWith('getDayRollup')) }
}

describe('finished-day counts answer exactly like the visits and events tables', () => {
  test('the finished days are counted, the open ones are not', async () => {
    const days = (await getSealedDays(store, { siteId })).map((d) =>
      new Date(d.dayMs).toISOString().slice(0, 10),
    )
    // Now is 2026-04-06 12:00 UTC: 04-05 ended more than an hour ago, 04-06 goes on.
    expect(days[0]).toBe('2026-03-26')
    expect(days.at(-1)).toBe('2026-04-05')
    expect(days).toHaveLength(11)
  })

  test.each(BY_DIMENSION)('by %j (%j) in every zone and window', async (dimensions, metrics) => {
    for (const zone of ZONES)
      for (const window of WINDOWS) {
        const r = request(zone, window, dimensions, metrics)
        const { counted, tables, used } = await both(r)
        const where = `${zone} ${JSON.stringify(window)}`
        expect(used, where).toBe(true)
        expect(counted.rows.length, where).toBeGreaterThan(0)
        expect(counted, where).toEqual(tables)
      }
  })

  test('pages of a breakdown, the row count and a comparison key list agree', async () => {
    const base = request('Europe/Berlin', WINDOWS[0]!, ['event:page'], ['visitors', 'pageviews'])
    for (const page of [
      { limit: 3, offset: 0, totalRows: true },
      { limit: 3, offset: 3, totalRows: true },
      { keys: [['/p1'], ['/p4'], ['/nowhere']] },
      { orderBy: [['pageviews', 'asc']] as RowsRequest['orderBy'] },
    ]) {
      const { counted, tables, used } = await both({ ...base, ...page })
      expect(used).toBe(true)
      expect(counted).toEqual(tables)
    }
  })

  test('conversion rates and percentages divide by the same visitors as the tables give', async () => {
    const window = dates('2026-03-26', '2026-04-06')
    const base = request('Europe/Berlin', window, [], ['visitors'])
    const all = (await fetchRows(store, { ...base, useRollups: false })).rows[0]?.metrics.visitors
    const byGoal = await fetchRows(store, {
      ...base,
      dimensions: ['event:goal'],
      metrics: ['visitors'],
      useRollups: false,
    })
    const parsed = parseQuery(
      queryBodySchema.parse({
        site_id: SITE,
        metrics: ['visitors', 'conversion_rate', 'percentage'],
        date_range: ['2026-03-26', '2026-04-06'],
        dimensions: ['event:goal'],
      }),
      site,
      NOW,
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const names: string[] = []
    const result = await getQueryResult(recording(names), parsed.value, { goals, kAnonymity: 5 })
    // The goal rows and their base came from one query.
    expect(names.filter((n) => n === 'getDayRollupCounts')).toHaveLength(1)
    expect(all).toBeGreaterThan(0)
    for (const row of result.results) {
      const visitors = byGoal.rows.find((g) => g.dimensions[0] === row.dimensions[0])?.metrics
        .visitors
      const share = (digits: number) =>
        Math.round((100 * (visitors ?? 0) * 10 ** digits) / (all ?? 1)) / 10 ** digits
      expect(row.metrics).toEqual([visitors, share(2), share(1)])
    }
    expect(result.results).toHaveLength(2)
  })

  test('a day changed after it was counted is read from the tables until counted again', async () => {
    const r = request('UTC', dates('2026-03-30', '2026-04-02'), ['event:page'], ['visitors'])
    // The same store object remembers the day states it read, as a guess for the next query.
    const before = await fetchRows(store, r)
    expect(before).toEqual((await both(r)).tables)
    const remembering: Store = { ...store }
    await fetchRows(remembering, r)
    // A late hit on a counted day (as a spool replayed after an outage would write it).
    await seedHits(t.services, [
      {
        domain: SITE,
        url: `https://${SITE}/late`,
        ip: '192.0.2.77',
        timestamp: at('2026-03-31T10:00:00Z'),
      },
    ])
    const stale = await both(r)
    expect(stale.used).toBe(false)
    // The remembered states are checked against the current ones, not trusted.
    expect(await fetchRows(store, r)).toEqual(stale.tables)
    expect(await fetchRows(store, r)).not.toEqual(before)
    expect(stale.counted.rows.find((row) => row.dimensions[0] === '/late')).toBeDefined()
    expect(await sealFinishedDays(store, NOW)).toBe(1)
    const again = await both(r)
    expect(again.used).toBe(true)
    expect(again.counted).toEqual(again.tables)
    // Remembered states from before the late hit plan on the old count, whose rows are kept
    // a while; the check against the current states answers on the new count instead.
    expect(await fetchRows(remembering, r)).toEqual(again.tables)
  })

  test('what counted days answered is remembered until a day is counted again', async () => {
    const sqls: string[] = []
    // One store object, as a server has: it remembers what it read.
    const remembering = recording([], sqls)
    const readsCounts = () => sqls.some((sql) => /FROM day_rollup\s/.test(sql))
    // Only counted days: every query reads the day states, and nothing else once remembered.
    const window = dates('2026-03-27', '2026-04-03')
    const asked = [
      request('Europe/Berlin', window, ['visit:source'], ['visitors']),
      request('Europe/Berlin', window, ['time:day'], ['visitors']),
      request('Europe/Berlin', window, [], ['visitors']),
    ]
    for (const r of asked) {
      const first = await fetchRows(remembering, r)
      expect(readsCounts()).toBe(true)
      expect(first).toEqual((await both(r)).tables)
      sqls.length = 0
      expect(await fetchRows(remembering, r)).toEqual(first)
      expect(readsCounts()).toBe(false)
      expect(sqls).toHaveLength(1)
      sqls.length = 0
    }
    await seedHits(t.services, [
      {
        domain: SITE,
        url: `https://${SITE}/later`,
        ip: '192.0.2.78',
        timestamp: at('2026-03-29T09:00:00Z'),
      },
    ])
    for (const r of asked) expect(await fetchRows(remembering, r)).toEqual((await both(r)).tables)
    expect(await sealFinishedDays(store, NOW)).toBe(1)
    for (const r of asked) {
      sqls.length = 0
      const recounted = await fetchRows(remembering, r)
      // The new count is read, not the remembered one.
      expect(readsCounts()).toBe(true)
      expect(recounted).toEqual((await both(r)).tables)
    }
  })

  test('erased data leaves no count behind', async () => {
    const site = { id: siteId, timezone: 'UTC' }
    await eraseSiteData(store, site, {
      kind: 'range',
      from: at('2026-03-27T00:00:00Z'),
      to: at('2026-03-28T00:00:00Z'),
      edges: 'overlapping',
    })
    const r = request('UTC', dates('2026-03-26', '2026-03-30'), ['visit:source'], ['visitors'])
    expect((await both(r)).counted).toEqual((await both(r)).tables)
    await sealFinishedDays(store, NOW)
    const after = await both(r)
    expect(after.used).toBe(true)
    expect(after.counted).toEqual(after.tables)
    const days = await getSealedDays(store, { siteId })
    expect(days.some((d) => d.dayMs === at('2026-03-27T00:00:00Z'))).toBe(false)
  })
})
