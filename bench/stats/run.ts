// npm run bench -- stats [--events N] [--fresh] [--runs N] [--prepare]
// Generates a data set once per size in bench/data/stats-<N>, then times the dashboard's
// query set through the stats engine and the same answers over raw events only.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { format } from 'prettier'
import { join } from 'node:path'
import { saveGoal } from '../../server/goals/goals'
import { parseSiteSettings } from '../../server/sites/settings'
import type { Site } from '../../server/sites/sites'
import { queryBodySchema } from '../../server/stats/parse-query'
import { runStatsQuery } from '../../server/stats/run-stats-query'
import { sealFinishedDays } from '../../server/stats/seal-days'
import { migrate, openStore, type Store } from '../../server/store'
import { generate, type Shape } from './generate'
import { dashboardQueries, naiveQueries } from './queries'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const events = Number(arg('events', '1000000'))
const runs = Number(arg('runs', '5'))
const fresh = process.argv.includes('--fresh')
const endMs = Date.UTC(2026, 10, 1)
const shape: Shape = { siteId: 4242, events, days: 60, endMs, pages: 2500 }
const site: Site = {
  id: shape.siteId,
  domain: 'bench.example',
  timezone: 'Europe/Berlin',
  aliases: [],
  settings: parseSiteSettings('{}'),
  createdAt: endMs - 60 * 86_400_000,
}
const range: [string, string] = ['2026-10-02', '2026-10-31']
const dataDir = join('bench', 'data', `stats-${events}`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const log = (m: string) => console.log(m)

async function time<T>(f: () => Promise<T>): Promise<number> {
  const t = performance.now()
  await f()
  return performance.now() - t
}

async function open(): Promise<Store> {
  const store = await openStore({ dataDir, database: 'spur' })
  await migrate(store)
  return store
}

if (fresh) rmSync(dataDir, { recursive: true, force: true })
const generated = existsSync(join(dataDir, 'generated'))
let store = await open()
if (!generated) {
  log(`generating ~${events} events over ${shape.days} days…`)
  const t = performance.now()
  await generate(store, shape, log)
  await saveGoal(
    store,
    site.id,
    { kind: 'event', eventName: 'Signup', pagePath: '', displayName: 'Signup', currency: '' },
    endMs,
  )
  await saveGoal(
    store,
    site.id,
    {
      kind: 'event',
      eventName: 'Purchase',
      pagePath: '',
      displayName: 'Purchase',
      currency: 'EUR',
    },
    endMs,
  )
  await store.writer.command('OPTIMIZE TABLE sessions FINAL')
  await store.writer.command('OPTIMIZE TABLE events FINAL')
  writeFileSync(join(dataDir, 'generated'), `${Math.round(performance.now() - t)}\n`)
}
const generateMs = Number(readFileSync(join(dataDir, 'generated'), 'utf8'))
if (process.argv.includes('--prepare')) {
  // Only make the data set (it takes long at 100 M); a later run counts and times it.
  await store.close()
  process.exit(0)
}
// The background job's work: count every finished day (a no-op once they are counted).
const sealStarted = performance.now()
const sealedDays = await sealFinishedDays(store, endMs)
if (sealedDays > 0) {
  const ms = Math.round(performance.now() - sealStarted)
  writeFileSync(join(dataDir, 'sealed'), `${sealedDays} ${ms}\n`)
  log(`counted ${sealedDays} finished days in ${ms} ms`)
}
const [sealedCount, sealMs] = readFileSync(join(dataDir, 'sealed'), 'utf8')
  .trim()
  .split(' ')
  .map(Number)
// Reopen, so the first round runs on a store that has answered nothing yet.
await store.close()
store = await open()

const sizes = await store.reader.query<{ table: string; rows: string; bytes: string }>(
  'benchSizes',
  `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts
   WHERE active AND database = currentDatabase() GROUP BY table`,
)
const rowsOf = (t: string) => Number(sizes.find((s) => s.table === t)?.rows ?? 0)
const storedEvents = rowsOf('events')
const bytes = sizes.reduce((s, r) => s + Number(r.bytes), 0)
log(
  `events ${storedEvents}, visits ${rowsOf('sessions')}, ${(bytes / storedEvents).toFixed(1)} bytes/event on disk`,
)

const engine = dashboardQueries(site.domain, range).map(([name, body]) => ({
  name,
  run: () => runStatsQuery(store, site, queryBodySchema.parse(body), endMs),
}))
const params = {
  site: site.id,
  tz: site.timezone,
  from: range[0],
  to: range[1],
  pfrom: '2026-09-02',
  pto: '2026-10-01',
}
const naive = naiveQueries().map(([name, sql]) => ({
  name,
  run: () => store.reader.query(`naive ${name}`, sql, params),
}))

/** CPU milliseconds of this process (embedded ClickHouse runs on its threads) during f. */
async function cpu(f: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage()
  await f()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

async function measure(set: Array<{ name: string; run: () => Promise<unknown> }>) {
  // Cold: the first time these queries run in this process (marks and caches empty).
  const cold = await time(() => Promise.all(set.map((q) => q.run())))
  const perQuery: Record<string, number[]> = {}
  const totals: number[] = []
  const cpuTotals: number[] = []
  const concurrent: number[] = []
  for (let r = 0; r < runs; r++) {
    // One query after the other (the set's total cost), then all at once (as a dashboard loads).
    let total = 0
    cpuTotals.push(
      await cpu(async () => {
        for (const q of set) {
          const ms = await time(q.run)
          perQuery[q.name] = [...(perQuery[q.name] ?? []), ms]
          total += ms
        }
      }),
    )
    totals.push(total)
    concurrent.push(await time(() => Promise.all(set.map((q) => q.run()))))
  }
  return {
    coldMs: Math.round(cold),
    warmMs: Math.round(median(totals)),
    warmConcurrentMs: Math.round(median(concurrent)),
    // On a shared machine wall time includes waiting for the CPU; CPU time does not.
    warmCpuMs: Math.round(median(cpuTotals)),
    perQueryMs: Object.fromEntries(
      Object.entries(perQuery).map(([k, v]) => [k, Math.round(median(v))]),
    ),
  }
}

const loadBefore = loadavg()[0] ?? 0
const spur = await measure(engine)
log(`engine: cold ${spur.coldMs} ms, warm ${spur.warmMs} ms (CPU ${spur.warmCpuMs} ms)`)
const raw = await measure(naive)
log(`raw events: cold ${raw.coldMs} ms, warm ${raw.warmMs} ms (CPU ${raw.warmCpuMs} ms)`)
for (const q of Object.keys(spur.perQueryMs))
  log(
    `  ${q.padEnd(24)} ${String(spur.perQueryMs[q]).padStart(6)} ms  raw ${String(raw.perQueryMs[q]).padStart(6)} ms`,
  )
const result = {
  events: storedEvents,
  visits: rowsOf('sessions'),
  days: shape.days,
  generateMs,
  // The finished-day counts: how many days, and how long counting them took (once).
  sealedDays: sealedCount,
  sealMs,
  bytesPerEvent: Math.round((bytes / storedEvents) * 10) / 10,
  engine: spur,
  rawEvents: raw,
  speedup: Math.round((raw.warmMs / Math.max(1, spur.warmMs)) * 10) / 10,
  cpuSpeedup: Math.round((raw.warmCpuMs / Math.max(1, spur.warmCpuMs)) * 10) / 10,
  // The 1-minute load average of the machine before and after: over 2 means shared cores.
  load: [Math.round(loadBefore * 10) / 10, Math.round((loadavg()[0] ?? 0) * 10) / 10],
  at: new Date().toISOString(),
}
log(
  `speed-up over raw events (warm): ${result.speedup}× wall, ${result.cpuSpeedup}× CPU; load ${result.load.join(' → ')}`,
)
const file = join('bench', 'stats', 'results.json')
const all = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
  : {}
all[String(events)] = result
// Written as the repository's formatter would, so the format check stays green.
writeFileSync(file, await format(JSON.stringify(all), { parser: 'json' }))
await store.close()
