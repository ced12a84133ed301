import { Hono } from 'hono'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fixedClock } from '../../server/clock'
import { parseConfig } from '../../server/config'
import type { Deps } from '../../server/http/deps'
import { collectRoutes } from '../../server/http/routes/collect'
import { startIngest, type Ingest } from '../../server/ingest/ingest'
import { ingestOptionsFromEnv } from '../../server/ingest/options'
import { createLogger } from '../../server/log'
import { resolveSegment } from '../../server/segments/resolve'
import { createSite } from '../../server/sites/sites'
import { failingFiles } from '../helpers/failing-files'
import { openTestStore, type TestStore } from '../helpers/store'

const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15'
const DOMAIN = 'full-disk.example'

let ts: TestStore
let ingest: Ingest
let app: Hono
let diskFull = false
let siteId = 0
const clock = fixedClock(Date.UTC(2026, 10, 20, 9))

beforeAll(async () => {
  ts = await openTestStore()
  const parsed = parseConfig({ DATA_DIR: ts.dataDir, TRUST_PROXY: '1' }, ts.dataDir)
  if (!parsed.ok) throw new Error(parsed.error)
  const log = createLogger('silent')
  ingest = await startIngest({
    store: ts.store,
    log,
    now: clock.now,
    resolveSegment,
    options: { ...ingestOptionsFromEnv(ts.dataDir, {}), batchMs: 50, ratePerSecond: 0 },
    // A disk that fills up on cue.
    openSpoolFile: failingFiles({ fails: () => diskFull }),
  })
  const deps: Deps = {
    config: parsed.value,
    store: ts.store,
    log,
    now: clock.now,
    secretKey: Buffer.alloc(32),
    ingest,
  }
  app = new Hono().route('/', collectRoutes(deps))
  const site = await createSite(ts.store, { domain: DOMAIN, timezone: 'UTC', ownerId: 'o' }, 0)
  siteId = site.id
})
afterAll(async () => {
  await ingest.close()
  await ts.cleanup()
})

const send = (ip: string, path: string) =>
  app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': ip },
    body: JSON.stringify({ n: 'pageview', u: `https://${DOMAIN}${path}`, d: DOMAIN }),
  })

test('on a full disk hits get 503 and change nothing; after it, visits go on from what was stored', async () => {
  expect((await send('203.0.113.1', '/a')).status).toBe(202)
  clock.advance(60_000)

  diskFull = true
  const refused = [await send('203.0.113.1', '/b'), await send('203.0.113.2', '/x')]
  for (const res of refused) {
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('30')
    expect(((await res.json()) as { error: string }).error).toContain('cannot store')
  }
  diskFull = false
  clock.advance(60_000)
  expect((await send('203.0.113.1', '/c')).status).toBe(202)
  expect((await send('203.0.113.2', '/y')).status).toBe(202)
  await ingest.flush(10_000)

  const query = <T>(sql: string) => ts.store.reader.query<T>('test', sql, { site: siteId })
  // Each visit's rows add up to one visit: no row cancels a state that was never stored.
  const visits = await query<{ entry: string; exit: string; pageviews: number; rows: number }>(
    `SELECT argMax(entry_page, version) AS entry, argMax(exit_page, version) AS exit,
       toUInt32(sum(sign * pageviews)) AS pageviews, toUInt32(sum(sign)) AS rows
     FROM sessions WHERE site_id = {site:UInt32} GROUP BY session_id ORDER BY entry`,
  )
  expect(visits).toEqual([
    { entry: '/a', exit: '/c', pageviews: 2, rows: 1 },
    { entry: '/y', exit: '/y', pageviews: 1, rows: 1 },
  ])
  const events = await query<{ pathname: string }>(
    'SELECT pathname FROM events WHERE site_id = {site:UInt32} ORDER BY pathname',
  )
  expect(events.map((e) => e.pathname)).toEqual(['/a', '/c', '/y'])
  expect(ingest.metrics.unavailable).toBe(2)
})
