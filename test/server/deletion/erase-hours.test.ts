import { afterAll, beforeAll, expect, test } from 'vitest'
import { eraseSiteData } from '../../../server/deletion/erase'
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
