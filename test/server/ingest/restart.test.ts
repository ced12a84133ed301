import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { fixedClock } from '../../../server/clock'
import { parseConfig } from '../../../server/config'
import { createLogger } from '../../../server/log'
import { startServices, type Services } from '../../../server/services'
import { createSite } from '../../../server/sites/sites'
import { seedHits } from '../../helpers/seed'

const dataDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const leftoverDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const T0 = Date.UTC(2026, 10, 20, 15, 0)
const clock = fixedClock(T0)
let services: Services | undefined
afterAll(async () => {
  await services?.close()
  for (const dir of [dataDir, leftoverDir]) rmSync(dir, { recursive: true, force: true })
})

async function start(dir = dataDir, env: Record<string, string> = {}) {
  const parsed = parseConfig({ DATA_DIR: dir, ...env }, dir)
  if (!parsed.ok) throw new Error(parsed.error)
  return startServices(parsed.value, createLogger('silent'), clock.now)
}

async function visitSums(s: Services, siteId: number) {
  const [v] = await s.deps.store.reader.query<Record<string, number | string>>(
    'test',
    `SELECT sum(sign) AS visits, sum(sign * pageviews) AS pageviews, sum(sign * duration) AS duration,
       (SELECT count() FROM events WHERE site_id = {site:UInt32}) AS events
     FROM sessions WHERE site_id = {site:UInt32}`,
    { site: siteId },
  )
  return [v?.visits, v?.pageviews, v?.duration, v?.events].map(Number)
}

test('open visits survive a restart: the next hit continues the visit', async () => {
  services = await start()
  const site = await createSite(
    services.deps.store,
    { domain: 'restart.example', timezone: 'UTC', ownerId: 'o' },
    T0,
  )
  await seedHits(services, [
    { domain: 'restart.example', url: 'https://restart.example/', timestamp: T0 },
    { domain: 'restart.example', url: 'https://restart.example/two', timestamp: T0 + 60_000 },
  ])
  await services.close()

  clock.set(T0 + 10 * 60_000)
  services = await start()
  expect(services.deps.ingest.status().visits).toBe(1)
  await seedHits(services, [
    {
      domain: 'restart.example',
      url: 'https://restart.example/three',
      timestamp: T0 + 10 * 60_000,
    },
  ])
  expect(await visitSums(services, site.id)).toEqual([1, 3, 600, 3])
  await services.close()
  services = undefined
})

test('open visits that only a spool file left behind knows of survive a restart', async () => {
  clock.set(T0)
  services = await start(leftoverDir, { DRAIN_TIMEOUT_MS: '300' })
  const site = await createSite(
    services.deps.store,
    { domain: 'leftover.example', timezone: 'UTC', ownerId: 'o' },
    T0,
  )
  // The store refuses every insert: the acknowledged hits exist only in the spool.
  services.deps.store.writer.insertJsonLines = () => Promise.reject(new Error('store away'))
  for (const [path, at] of [
    ['/', T0],
    ['/two', T0 + 60_000],
  ] as const) {
    const { outcome, durable } = await services.deps.ingest.submit(
      {
        body: JSON.stringify({
          n: 'pageview',
          u: `https://leftover.example${path}`,
          d: 'leftover.example',
        }),
        ip: '203.0.113.20',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        hints: {},
        privacySignal: false,
      },
      at,
    )
    expect(outcome.kind).toBe('accepted')
    await durable
  }
  await services.close() // the drain times out; the file stays for the next start
  services = undefined
  const spoolDir = join(leftoverDir, 'spool')
  const left = readdirSync(spoolDir).filter((f) => f.endsWith('.spool'))
  expect(left).toHaveLength(1)
  // Written in the current format: event JSON, then the visit rows, tab-separated.
  const lines = readFileSync(join(spoolDir, left[0] ?? ''), 'utf8')
    .trimEnd()
    .split('\n')
  expect(lines.map((l) => l.split('\t').length)).toEqual([2, 3])

  clock.set(T0 + 10 * 60_000)
  services = await start(leftoverDir)
  expect(services.deps.ingest.status().visits).toBe(1)
  await seedHits(services, [
    {
      domain: 'leftover.example',
      url: 'https://leftover.example/three',
      ip: '203.0.113.20',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      timestamp: T0 + 10 * 60_000,
    },
  ])
  // The replayed file and the new hit make one visit of three pageviews.
  expect(await visitSums(services, site.id)).toEqual([1, 3, 600, 3])
  expect(readdirSync(spoolDir).filter((f) => f.endsWith('.spool'))).toEqual([])
})
