import { afterAll, beforeAll, expect, test } from 'vitest'
import type { EventRow } from '../../../server/collect/rows'
import { SessionTracker } from '../../../server/collect/sessions'
import { eraseSiteData } from '../../../server/deletion/erase'
import { enforceRetention } from '../../../server/privacy/retention'
import { parseSiteSettings } from '../../../server/sites/settings'
import { createSite, saveSite } from '../../../server/sites/sites'
import { openTestStore, type TestStore } from '../../helpers/store'
import { insertEvents } from '../../helpers/privacy-seed'

let ts: TestStore
beforeAll(async () => {
  ts = await openTestStore()
})
afterAll(() => ts?.cleanup())

const at = (iso: string) => Date.parse(iso)

/** Per hour: the rollup's sums, and the same sums computed from the visits that are left. */
async function hours(siteId: number) {
  const q = (sql: string) =>
    ts.store.reader.query<{ hour: string; visits: string; pageviews: string; visitors: string }>(
      'test',
      sql,
      { site: siteId },
    )
  const rollup = await q(
    `SELECT toString(hour) AS hour, sum(visits) AS visits, sum(pageviews) AS pageviews,
       uniqExactMerge(visitors) AS visitors
     FROM sessions_hourly WHERE site_id = {site:UInt32} GROUP BY hour HAVING visits != 0 ORDER BY hour`,
  )
  const visits = await q(
    `SELECT toString(toStartOfHour(start)) AS hour, sum(sign) AS visits,
       sum(sign * pageviews) AS pageviews, uniqExactIf(visitor_id, sign > 0) AS visitors
     FROM sessions WHERE site_id = {site:UInt32} GROUP BY hour HAVING visits != 0 ORDER BY hour`,
  )
  const norm = (rows: typeof rollup) =>
    rows.map((r) => [r.hour, Number(r.visits), Number(r.pageviews), Number(r.visitors)])
  return { rollup: norm(rollup), visits: norm(visits) }
}

test('erasing a local day of a half-hour zone keeps the hourly sums equal to the visits left', async () => {
  // A site in India (UTC+05:30): its 2 May starts at 1 May 18:30 UTC and ends at 2 May 18:30.
  const siteId = 71
  await insertEvents(ts.store, [
    { siteId, timestamp: at('2026-05-01T18:10:00Z') }, // 1 May 23:40 IST: stays
    { siteId, timestamp: at('2026-05-01T18:40:00Z') }, // 2 May 00:10 IST: goes
    { siteId, timestamp: at('2026-05-01T19:10:00Z') }, // goes
    { siteId, timestamp: at('2026-05-02T18:20:00Z') }, // 2 May 23:50 IST: goes
    { siteId, timestamp: at('2026-05-02T18:50:00Z') }, // 3 May 00:20 IST: stays
    { siteId, timestamp: at('2026-05-02T19:10:00Z') }, // stays
  ])
  const before = await hours(siteId)
  expect(before.rollup).toEqual(before.visits)

  await eraseSiteData(
    ts.store,
    { id: siteId, timezone: 'Asia/Kolkata' },
    {
      kind: 'range',
      from: at('2026-05-01T18:30:00Z'),
      to: at('2026-05-02T18:30:00Z'),
      edges: 'overlapping',
    },
  )
  const after = await hours(siteId)
  expect(after.visits).toEqual([
    ['2026-05-01 18:00:00', 1, 1, 1],
    ['2026-05-02 18:00:00', 1, 1, 1],
    ['2026-05-02 19:00:00', 1, 1, 1],
  ])
  expect(after.rollup).toEqual(after.visits)
})

test('a retention cut-off inside an hour keeps the rest of that hour in the rollup', async () => {
  const siteId = 72
  await insertEvents(ts.store, [
    { siteId, timestamp: at('2026-03-10T09:05:00Z') }, // before the cut-off: goes
    { siteId, timestamp: at('2026-03-10T09:45:00Z') }, // after it: stays
  ])
  await eraseSiteData(
    ts.store,
    { id: siteId, timezone: 'Asia/Kolkata' },
    { kind: 'range', from: 0, to: at('2026-03-10T09:30:00Z'), edges: 'contained' },
  )
  const after = await hours(siteId)
  expect(after.visits).toEqual([['2026-03-10 09:00:00', 1, 1, 1]])
  expect(after.rollup).toEqual(after.visits)
})

/** A visit's rows as the collector writes them: one pageview at each time, by one visitor. */
async function visit(siteId: number, visitorId: string, times: string[]) {
  const tracker = new SessionTracker()
  const rows = times.flatMap((iso) =>
    tracker.apply(
      {
        site_id: siteId,
        visitor_id: visitorId,
        timestamp: at(iso),
        name: 'pageview',
        interactive: 1,
        hostname: 'example.com',
        pathname: `/${iso}`,
        channel: 'Direct',
      } as unknown as EventRow,
      '',
    ),
  )
  await ts.store.writer.insert('sessions', rows)
}

test('a visit that began in an erased range goes whole; one that ended in it leaves no count behind', async () => {
  const siteId = 73
  // ends in it
  await visit(siteId, '1', [
    '2026-06-01T08:50:00Z',
    '2026-06-01T09:15:00Z',
    '2026-06-01T09:40:00Z',
    '2026-06-01T10:05:00Z',
  ])
  // through it
  await visit(siteId, '2', [
    '2026-06-01T09:50:00Z',
    '2026-06-01T10:10:00Z',
    '2026-06-01T10:35:00Z',
    '2026-06-01T11:00:00Z',
  ])
  await visit(siteId, '3', ['2026-06-01T10:50:00Z', '2026-06-01T11:10:00Z']) // begins in it
  await visit(siteId, '4', ['2026-06-01T07:00:00Z']) // before it
  await visit(siteId, '5', ['2026-06-01T11:30:00Z']) // after it
  expect((await hours(siteId)).rollup).toEqual((await hours(siteId)).visits)

  await eraseSiteData(
    ts.store,
    { id: siteId, timezone: 'UTC' },
    {
      kind: 'range',
      from: at('2026-06-01T10:00:00Z'),
      to: at('2026-06-01T11:00:00Z'),
      edges: 'overlapping',
    },
  )
  const after = await hours(siteId)
  // Visit 1 is gone with its last row, visit 3 with its start; visit 2 keeps its last state.
  expect(after.visits).toEqual([
    ['2026-06-01 07:00:00', 1, 1, 1],
    ['2026-06-01 09:00:00', 1, 4, 1],
    ['2026-06-01 11:00:00', 1, 1, 1],
  ])
  expect(after.rollup).toEqual(after.visits)
  const [left] = await ts.store.reader.query<{ n: string }>(
    'test',
    `SELECT count() AS n FROM sessions WHERE site_id = {site:UInt32}
       AND start >= '2026-06-01 10:00:00' AND start < '2026-06-01 11:00:00'`,
    { site: siteId },
  )
  expect(Number(left?.n)).toBe(0)
})

test('the periodic retention keeps the rest of the cut-off hour in the rollup, and takes a visit with its start', async () => {
  const now = Date.UTC(2026, 10, 20, 12, 30)
  const site = await createSite(
    ts.store,
    { domain: 'hours.example', timezone: 'America/New_York', ownerId: 'u1' },
    now,
  )
  await saveSite(ts.store, { ...site, settings: parseSiteSettings('{"retentionMonths":2}') }, now)
  // The cut-off is 20 September 12:30 UTC.
  await visit(site.id, '1', ['2026-09-20T12:10:00Z']) // before it: goes
  await visit(site.id, '2', ['2026-09-20T12:20:00Z', '2026-09-20T12:40:00Z']) // began before it: goes
  await visit(site.id, '3', ['2026-09-20T12:45:00Z']) // after it: stays
  await ts.store.writer.command(
    `CREATE TABLE IF NOT EXISTS test_days (site_id UInt32, day Date, visitors UInt64)
     ENGINE = SummingMergeTree ORDER BY (site_id, day)`,
  )
  await ts.store.writer.insert('test_days', [
    { site_id: site.id, day: '2026-09-18', visitors: 3 },
    { site_id: site.id, day: '2026-09-21', visitors: 4 },
  ])

  await enforceRetention(ts.store, now)
  const after = await hours(site.id)
  expect(after.visits).toEqual([['2026-09-20 12:00:00', 1, 1, 1]])
  expect(after.rollup).toEqual(after.visits)
  // A day table of a site west of UTC loses its days before the cut-off too.
  const days = await ts.store.reader.query<{ day: string }>(
    'test',
    'SELECT toString(day) AS day FROM test_days WHERE site_id = {site:UInt32}',
    { site: site.id },
  )
  expect(days.map((d) => d.day)).toEqual(['2026-09-21'])
})
