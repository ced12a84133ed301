import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { EVENT_COLUMNS, SESSION_COLUMNS } from '../../../server/collect/rows'
import { eraseSiteData } from '../../../server/deletion/erase'
import { spoolDirIn } from '../../../server/ingest/options'
import { SPOOL_HEADER } from '../../../server/ingest/record'
import { dropSetAside, setAsideDirOf } from '../../../server/ingest/set-aside'
import { enforceRetention } from '../../../server/privacy/retention'
import { parseSiteSettings } from '../../../server/sites/settings'
import { createSite, saveSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const DAY = 86_400_000

/** A set-aside line as the spool writes it: the event's values, then its visit rows' values. */
function line(site: unknown, timestamp: unknown, start = timestamp) {
  const event = EVENT_COLUMNS.map((c) =>
    c === 'site_id' ? site : c === 'timestamp' ? timestamp : c === 'pathname' ? '/p' : null,
  )
  const visit = SESSION_COLUMNS.map((c) =>
    c === 'site_id' ? site : c === 'start' ? start : c === 'timestamp' ? timestamp : null,
  )
  return `${JSON.stringify(event)}\t${JSON.stringify(visit)}`
}

const file = (...lines: string[]) => `${[SPOOL_HEADER, ...lines].join('\n')}\n`
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').slice(1)

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spur-set-aside-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('an erasure removes its site’s set-aside hits in its range, and lines it cannot place', async () => {
  const folder = join(dir, 'erase')
  mkdirSync(folder)
  const inRange = line(1, NOW)
  const before = line(1, NOW - 40 * DAY)
  const startedInRange = line(1, NOW + 2 * DAY, NOW - 1000)
  const otherSite = line(2, NOW)
  const noTime = line(1, 'not a time')
  const otherNoTime = line(2, 'not a time')
  writeFileSync(
    join(folder, 'a.spool'),
    file(inRange, before, startedInRange, otherSite, noTime, otherNoTime, '["torn'),
  )
  writeFileSync(join(folder, 'b.spool'), file(line(1, NOW + 1000)))
  // A file from before the spool had a header: each row an object.
  const legacy = JSON.stringify({
    event: { site_id: 1, timestamp: NOW, pathname: '/old' },
    sessions: [{ site_id: 1, start: NOW, timestamp: NOW }],
  })
  const legacyOther = JSON.stringify({ event: { site_id: 3, timestamp: NOW }, sessions: [] })
  writeFileSync(join(folder, 'c.spool'), `${legacy}\n${legacyOther}\n`)

  const erasure = {
    site: (id: number) => id === 1,
    at: (_: number, ms: number) => ms >= NOW - DAY && ms < NOW + DAY,
  }
  const dropped = await dropSetAside(folder, erasure)
  expect(dropped).toBe(6)
  expect(lines(join(folder, 'a.spool'))).toEqual([before, otherSite, otherNoTime])
  expect(readFileSync(join(folder, 'a.spool'), 'utf8').split('\n')[0]).toBe(SPOOL_HEADER)
  expect(existsSync(join(folder, 'b.spool'))).toBe(false)
  expect(readFileSync(join(folder, 'c.spool'), 'utf8')).toBe(`${legacyOther}\n`)
  expect(readdirSync(folder).sort()).toEqual(['a.spool', 'c.spool'])
  // Run again, it finds nothing more; the files stay as they are.
  expect(await dropSetAside(folder, erasure)).toBe(0)
  expect(lines(join(folder, 'a.spool'))).toEqual([before, otherSite, otherNoTime])
  expect(await dropSetAside(join(dir, 'missing'), { site: () => true, at: () => true })).toBe(0)
})

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ now: NOW })
})
afterAll(() => t.cleanup())

test('erasing a site’s data and its retention limit reach the set-aside spool lines', async () => {
  const { store, ingest } = t.services.deps
  const site = await createSite(
    store,
    { domain: 'aside.example', timezone: 'UTC', ownerId: 'u1' },
    NOW,
  )
  const other = await createSite(
    store,
    { domain: 'kept.example', timezone: 'UTC', ownerId: 'u1' },
    NOW,
  )
  await saveSite(store, { ...other, settings: parseSiteSettings('{"retentionMonths":3}') }, NOW)
  const folder = setAsideDirOf(spoolDirIn(t.dataDir))
  mkdirSync(folder, { recursive: true })
  const path = join(folder, 'refused.spool')
  const old = line(other.id, NOW - 120 * DAY)
  const recent = line(other.id, NOW - DAY)
  writeFileSync(path, file(line(site.id, NOW - 2 * DAY), old, recent, line(site.id, NOW - 3 * DAY)))

  // An erasure of one day of the site takes that day's hit.
  const from = Date.UTC(2026, 10, 18)
  await eraseSiteData(
    store,
    site,
    { kind: 'range', from, to: from + DAY, edges: 'overlapping' },
    ingest,
  )
  expect(lines(path)).toEqual([old, recent, line(site.id, NOW - 3 * DAY)])
  // Erasing the whole site takes the rest of it.
  await eraseSiteData(store, site, { kind: 'all' }, ingest)
  expect(lines(path)).toEqual([old, recent])
  // Retention: the other site keeps 3 months; a hit of a site that no longer exists goes.
  writeFileSync(join(folder, 'gone.spool'), file(line(9999, NOW)))
  const report = await enforceRetention(store, NOW, undefined, folder)
  expect(report.setAsideLines).toBe(2)
  expect(lines(path)).toEqual([recent])
  expect(readdirSync(folder)).toEqual(['refused.spool'])
})
