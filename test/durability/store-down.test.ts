import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fixedClock } from '../../server/clock'
import { parseConfig } from '../../server/config'
import type { Deps } from '../../server/http/deps'
import { collectRoutes } from '../../server/http/routes/collect'
import { healthRoutes } from '../../server/http/routes/health'
import { metricsRoutes } from '../../server/http/routes/metrics'
import { startIngest, type Ingest } from '../../server/ingest/ingest'
import { ingestOptionsFromEnv } from '../../server/ingest/options'
import { createLogger } from '../../server/log'
import { resolveSegment } from '../../server/segments/resolve'
import { createSite } from '../../server/sites/sites'
import type { Store } from '../../server/store'
import { openTestStore, type TestStore } from '../helpers/store'

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'
const DOMAIN = 'outage.example'

let ts: TestStore
let ingest: Ingest
let down = false
let app: Hono
const clock = fixedClock(Date.UTC(2026, 10, 20, 9))
beforeAll(async () => {
  ts = await openTestStore()
  const outage = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8123'))
  // The store as the collector sees it during an outage: inserts fail, pings fail.
  const store: Store = {
    ...ts.store,
    writer: {
      insert: (table, rows, options) =>
        down ? outage() : ts.store.writer.insert(table, rows, options),
      insertJsonLines: (table, lines, options) =>
        down ? outage() : ts.store.writer.insertJsonLines(table, lines, options),
      command: (sql, params) => (down ? outage() : ts.store.writer.command(sql, params)),
    },
    ping: async () => !down && (await ts.store.ping()),
  }
  const parsed = parseConfig({ DATA_DIR: ts.dataDir, TRUST_PROXY: '1' }, ts.dataDir)
  if (!parsed.ok) throw new Error(parsed.error)
  const log = createLogger('silent')
  ingest = await startIngest({
    store,
    log,
    now: clock.now,
    resolveSegment,
    options: {
      ...ingestOptionsFromEnv(ts.dataDir, {}),
      spoolMaxBytes: 60_000,
      batchMs: 50,
      ratePerSecond: 0,
    },
  })
  const deps: Deps = {
    config: parsed.value,
    store,
    log,
    now: clock.now,
    secretKey: Buffer.alloc(32),
    ingest,
  }
  app = new Hono()
    .route('/', collectRoutes(deps))
    .route('/', healthRoutes(deps))
    .route('/', metricsRoutes(deps))
  await createSite(ts.store, { domain: DOMAIN, timezone: 'UTC', ownerId: 'o' }, clock.now())
})
afterAll(async () => {
  down = false
  await ingest.close()
  await ts.cleanup()
})

const send = (id: number) =>
  app.request('/api/event', {
    method: 'POST',
    headers: { 'user-agent': UA, 'x-forwarded-for': `10.1.${id >> 8}.${id & 255}` },
    body: JSON.stringify({
      n: 'pageview',
      u: `https://${DOMAIN}/page/${id}`,
      d: DOMAIN,
      p: { id: String(id) },
    }),
  })

test('while the store is away events spool up to the bound, then 503; all land after recovery', async () => {
  expect((await send(0)).status).toBe(202) // today's salt exists before the outage
  down = true
  const acknowledged = [0]
  let refused: Response | undefined
  for (let id = 1; id < 2000 && !refused; id++) {
    const res = await send(id)
    if (res.status === 202) acknowledged.push(id)
    else refused = res
  }
  expect(refused?.status).toBe(503)
  expect(refused?.headers.get('retry-after')).toBe('30')
  expect(acknowledged.length).toBeGreaterThan(20)

  // Let the writer try (and fail) at least once.
  await new Promise((r) => setTimeout(r, 300))
  const health = await app.request('/healthz')
  expect(health.status).toBe(503)
  const body = (await health.json()) as {
    spool: { bytes: number; events: number }
    writer: { lagMs: number }
  }
  expect(body.spool.events).toBe(acknowledged.length)
  expect(body.spool.bytes).toBeGreaterThanOrEqual(60_000)
  expect(body.writer.lagMs).toBeGreaterThan(0)
  const metrics = await (await app.request('/metrics')).text()
  expect(metrics).toContain('spur_events_spool_full_total 1\n')
  expect(metrics).toMatch(/spur_insert_errors_total [1-9]/)
  expect(readdirSync(join(ts.dataDir, 'spool')).length).toBeGreaterThan(0)

  down = false
  await ingest.flush()
  const rows = await ts.store.reader.query<{ id: string; n: number | string }>(
    'test',
    "SELECT props['id'] AS id, count() AS n FROM events GROUP BY id ORDER BY toUInt32(id)",
  )
  expect(rows.map((r) => [Number(r.id), Number(r.n)])).toEqual(acknowledged.map((id) => [id, 1]))
  expect(readdirSync(join(ts.dataDir, 'spool'))).toEqual([])
  expect(ingest.status()).toMatchObject({ spoolBytes: 0, spoolEvents: 0, writerLagMs: 0 })
  expect((await send(5000)).status).toBe(202)
})

test('a hit that needs the store (the first of a new day needs a salt) gets 503 while it is away', async () => {
  down = true
  clock.set(Date.UTC(2026, 10, 21, 0, 5))
  const res = await send(6000)
  expect(res.status).toBe(503)
  expect(res.headers.get('retry-after')).toBe('30')
  expect(await (await app.request('/metrics')).text()).toContain(
    'spur_events_unavailable_total 1\n',
  )
  down = false
  expect((await send(6001)).status).toBe(202)
  await ingest.flush()
  const rows = await ts.store.reader.query<{ id: string }>(
    'test',
    "SELECT props['id'] AS id FROM events WHERE props['id'] IN ('6000', '6001')",
  )
  expect(rows).toEqual([{ id: '6001' }])
})
