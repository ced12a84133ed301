import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findSiteDataTables, type SiteDataTable } from '../../../server/deletion/data-tables'
import { enforceRetention } from '../../../server/privacy/retention'
import { parseSiteSettings } from '../../../server/sites/settings'
import { createSite, saveSite, setMember } from '../../../server/sites/sites'
import { insertEvents } from '../../helpers/privacy-seed'
import { openTestStore, type TestStore } from '../../helpers/store'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const at = (iso: string) => Date.parse(iso)

let t: TestStore
beforeAll(async () => {
  t = await openTestStore()
})
afterAll(() => t.cleanup())

/** Rows per table and site before and from the site's cutoff (day columns: days in UTC). */
async function countAround(tables: SiteDataTable[], cuts: Map<number, number>) {
  const out = new Map<string, { older: number; newer: number }>()
  for (const table of tables)
    for (const [site, cutoff] of cuts) {
      const col = `\`${table.timeColumn?.name ?? ''}\``
      const limit = table.timeColumn?.isDate
        ? "toDate(fromUnixTimestamp64Milli({cutoff:Int64}, 'UTC'))"
        : "fromUnixTimestamp64Milli({cutoff:Int64}, 'UTC')"
      const [row] = await t.store.reader.query<{ older: number | string; newer: number | string }>(
        'countAround',
        `SELECT countIf(${col} < ${limit}) AS older, countIf(${col} >= ${limit}) AS newer
         FROM \`${table.name}\` WHERE site_id = {site:UInt32}`,
        { site, cutoff },
      )
      out.set(`${table.name}/${site}`, { older: Number(row?.older), newer: Number(row?.newer) })
    }
  return out
}

describe('enforceRetention with a pinned clock', () => {
  test('removes what is older than each site’s limit and nothing newer', async () => {
    const long = await createSite(
      t.store,
      { domain: 'long.example', timezone: 'UTC', ownerId: 'u1' },
      NOW,
    )
    const short = await createSite(
      t.store,
      { domain: 'short.example', timezone: 'UTC', ownerId: 'u1' },
      NOW,
    )
    await saveSite(t.store, { ...short, settings: parseSiteSettings('{"retentionMonths":3}') }, NOW)
    await setMember(t.store, long.id, 'u2', 'viewer', at('2020-01-01T00:00:00Z'))
    // A rollup-like table from another part of Spur: covered because it has site_id and a date key.
    await t.store.writer.command(
      `CREATE TABLE IF NOT EXISTS test_daily (site_id UInt32, day Date, visitors UInt64)
       ENGINE = SummingMergeTree ORDER BY (site_id, day)`,
    )
    await t.store.writer.insert('test_daily', [
      { site_id: short.id, day: '2026-08-19', visitors: 3 },
      { site_id: short.id, day: '2026-08-21', visitors: 4 },
      { site_id: long.id, day: '2026-08-19', visitors: 5 },
    ])
    const events = [
      [long.id, '2024-09-01T00:00:00.000Z'],
      [long.id, '2024-10-20T11:59:59.999Z'],
      [long.id, '2024-10-20T12:00:00.000Z'],
      [long.id, '2026-11-01T09:00:00.000Z'],
      [short.id, '2024-10-25T00:00:00.000Z'],
      [short.id, '2026-08-20T11:59:59.999Z'],
      [short.id, '2026-08-20T12:00:00.000Z'],
      [short.id, '2026-11-19T23:00:00.000Z'],
    ] as const
    await insertEvents(
      t.store,
      events.map(([siteId, iso]) => ({ siteId, timestamp: at(iso) })),
    )

    const tables = (await findSiteDataTables(t.store)).filter((tb) => tb.timeColumn)
    const cuts = new Map([
      [long.id, at('2024-10-20T12:00:00.000Z')],
      [short.id, at('2026-08-20T12:00:00.000Z')],
    ])
    const before = await countAround(tables, cuts)

    const report = await enforceRetention(t.store, NOW)

    // events is partitioned by month of its time column: September 2024 goes whole (and so
    // does the same month of any monthly-partitioned rollup fed from it).
    expect(report.droppedPartitions).toContainEqual({ table: 'events', partition: '202409' })
    expect(new Set(report.droppedPartitions.map((p) => p.partition))).toEqual(new Set(['202409']))
    const longCut = cuts.get(long.id) ?? 0
    const shortCut = cuts.get(short.id) ?? 0
    const known = new Set(['events', 'sessions', 'test_daily'])
    expect(report.deleted.filter((d) => known.has(d.table))).toEqual([
      { table: 'events', siteId: long.id, rows: 1, cutoff: longCut },
      { table: 'events', siteId: short.id, rows: 2, cutoff: shortCut },
      { table: 'sessions', siteId: long.id, rows: 2, cutoff: longCut },
      { table: 'sessions', siteId: short.id, rows: 2, cutoff: shortCut },
      { table: 'test_daily', siteId: short.id, rows: 1, cutoff: shortCut },
    ])
    // Every table with site data — rollups other parts of Spur add included — holds nothing
    // older than each site's cutoff now, and exactly what it held from the cutoff on.
    const after = await countAround(tables, cuts)
    for (const [key, counts] of before) {
      expect({ key, older: after.get(key)?.older }).toEqual({ key, older: 0 })
      expect({ key, newer: after.get(key)?.newer }).toEqual({ key, newer: counts.newer })
    }
    expect([...before.values()].some((c) => c.older > 0)).toBe(true)
    const kept = async (table: string, column: string, site: number) =>
      (
        await t.store.reader.query<{ ts: string }>(
          'kept',
          `SELECT toString(${column}) AS ts FROM ${table} WHERE site_id = {site:UInt32} ORDER BY ${column}`,
          { site },
        )
      ).map((r) => r.ts)
    expect(await kept('events', 'timestamp', long.id)).toEqual([
      '2024-10-20 12:00:00.000',
      '2026-11-01 09:00:00.000',
    ])
    expect(await kept('events', 'timestamp', short.id)).toEqual([
      '2026-08-20 12:00:00.000',
      '2026-11-19 23:00:00.000',
    ])
    expect(await kept('sessions', 'start', short.id)).toEqual([
      '2026-08-20 12:00:00.000',
      '2026-11-19 23:00:00.000',
    ])
    expect(await kept('test_daily', 'day', short.id)).toEqual(['2026-08-21'])
    expect(await kept('test_daily', 'day', long.id)).toEqual(['2026-08-19'])
    // Configuration rows with a site_id but no date key are not data to expire.
    const members = await t.store.reader.query<{ n: string }>(
      'members',
      'SELECT count() AS n FROM site_members WHERE site_id = {site:UInt32}',
      { site: long.id },
    )
    expect(Number(members[0]?.n)).toBe(2)

    // Run again at the same instant: nothing left to remove.
    expect(await enforceRetention(t.store, NOW)).toEqual({ droppedPartitions: [], deleted: [] })

    // A minute later both limits have moved past the boundary rows. October 2024 now holds
    // nothing to keep and is dropped whole; the short site's row is deleted.
    const later = await enforceRetention(t.store, NOW + 60_000)
    expect(later.droppedPartitions).toContainEqual({ table: 'events', partition: '202410' })
    expect(later.deleted.filter((d) => known.has(d.table))).toEqual([
      { table: 'events', siteId: short.id, rows: 1, cutoff: shortCut + 60_000 },
      { table: 'sessions', siteId: long.id, rows: 1, cutoff: longCut + 60_000 },
      { table: 'sessions', siteId: short.id, rows: 1, cutoff: shortCut + 60_000 },
    ])
    expect(await kept('events', 'timestamp', long.id)).toEqual(['2026-11-01 09:00:00.000'])
    expect(await kept('events', 'timestamp', short.id)).toEqual(['2026-11-19 23:00:00.000'])
  })
})
