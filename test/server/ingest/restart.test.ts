import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { fixedClock } from '../../../server/clock'
import { parseConfig } from '../../../server/config'
import { parseHeader, SPOOL_HEADER } from '../../../server/ingest/record'
import { createLogger } from '../../../server/log'
import { startServices, type Services } from '../../../server/services'
import { createSite } from '../../../server/sites/sites'
import { seedHits } from '../../helpers/seed'

const dataDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const leftoverDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const upgradeDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const halfDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const badDir = mkdtempSync(join(tmpdir(), 'spur-restart-'))
const T0 = Date.UTC(2026, 10, 20, 15, 0)
const clock = fixedClock(T0)
let services: Services | undefined
afterAll(async () => {
  await services?.close()
  for (const dir of [dataDir, leftoverDir, upgradeDir, halfDir, badDir])
    rmSync(dir, { recursive: true, force: true })
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

/** Two hits of one visit that reach only the spool (the store refuses inserts); then a stop. */
async function leaveSpoolFile(dir: string, domain: string) {
  clock.set(T0)
  services = await start(dir, { DRAIN_TIMEOUT_MS: '300' })
  const site = await createSite(services.deps.store, { domain, timezone: 'UTC', ownerId: 'o' }, T0)
  // The store refuses every insert: the acknowledged hits exist only in the spool.
  services.deps.store.writer.insertJsonLines = () => Promise.reject(new Error('store away'))
  for (const [path, at] of [
    ['/', T0],
    ['/two', T0 + 60_000],
  ] as const) {
    const { outcome, durable } = await services.deps.ingest.submit(
      {
        body: JSON.stringify({ n: 'pageview', u: `https://${domain}${path}`, d: domain }),
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
  const spoolDir = join(dir, 'spool')
  const left = readdirSync(spoolDir).filter((f) => f.endsWith('.spool'))
  expect(left).toHaveLength(1)
  return { site, spoolDir, file: join(spoolDir, left[0] ?? '') }
}

/** The next start replays the file: the visit goes on with a third hit, and the file goes. */
async function continueVisit(dir: string, domain: string, siteId: number) {
  clock.set(T0 + 10 * 60_000)
  services = await start(dir)
  expect(services.deps.ingest.status().visits).toBe(1)
  await seedHits(services, [
    {
      domain,
      url: `https://${domain}/three`,
      ip: '203.0.113.20',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      timestamp: T0 + 10 * 60_000,
    },
  ])
  // The replayed file and the new hit make one visit of three pageviews.
  expect(await visitSums(services, siteId)).toEqual([1, 3, 600, 3])
  expect(readdirSync(join(dir, 'spool')).filter((f) => f.endsWith('.spool'))).toEqual([])
  await services.close()
  services = undefined
}

test('open visits that only a spool file left behind knows of survive a restart', async () => {
  const { site, file } = await leaveSpoolFile(leftoverDir, 'leftover.example')
  // Written in the current format: the header, then per hit the event's values and the visit
  // rows' values, tab-separated.
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
  expect(lines[0]).toBe(SPOOL_HEADER)
  expect(lines.slice(1).map((l) => l.split('\t').length)).toEqual([2, 3])
  await continueVisit(leftoverDir, 'leftover.example', site.id)
})

test('a spool file in the earlier format (JSON objects, no header) is stored after an upgrade', async () => {
  const { site, file } = await leaveSpoolFile(upgradeDir, 'upgrade.example')
  // Rewritten as the previous version wrote it: each row as a JSON object, no header line.
  const [header = '', ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n')
  const columns = parseHeader(header)
  if (!columns) throw new Error('no header')
  const asObject = (text: string, names: readonly string[]) => {
    const values = JSON.parse(text) as unknown[]
    return JSON.stringify(Object.fromEntries(names.map((n, i) => [n, values[i]])))
  }
  const earlier = lines.map((line) =>
    line
      .split('\t')
      .map((row, i) => asObject(row, i === 0 ? columns.events : columns.sessions))
      .join('\t'),
  )
  expect(earlier[0]).toMatch(/^\{"site_id":/)
  writeFileSync(file, `${earlier.join('\n')}\n`)
  await continueVisit(upgradeDir, 'upgrade.example', site.id)
})

test('a spool file with half a character in a row (as an earlier version wrote it) is stored', async () => {
  const { site, file } = await leaveSpoolFile(halfDir, 'half.example')
  // An earlier version spooled a lone surrogate as its JSON escape, which the store refused.
  const text = readFileSync(file, 'utf8')
  expect(text).toContain('"/two"')
  writeFileSync(file, text.replaceAll('"/two"', '"/two\\ud800"'))
  await continueVisit(halfDir, 'half.example', site.id)
})

test('a line the store refuses for its content is set aside; the rest of the spool is stored', async () => {
  const { site, file } = await leaveSpoolFile(badDir, 'bad.example')
  const [header = '', first = '', second = ''] = readFileSync(file, 'utf8').trimEnd().split('\n')
  // The second hit's event gets a time the store cannot read.
  const bad = second.replace(/^\[(\d+),(\d+),/, '[$1,"not a time",')
  expect(bad).not.toBe(second)
  writeFileSync(file, `${header}\n${first}\n${bad}\n`)

  clock.set(T0 + 10 * 60_000)
  services = await start(badDir)
  await services.deps.ingest.flush()
  // The first hit is stored; the spool is empty and the writer free for later hits.
  expect(await visitSums(services, site.id)).toEqual([1, 1, 0, 1])
  expect(readdirSync(join(badDir, 'spool')).filter((f) => f.endsWith('.spool'))).toEqual([])
  const aside = readdirSync(join(badDir, 'spool', 'set-aside'))
  expect(aside).toEqual([basename(file)])
  expect(readFileSync(join(badDir, 'spool', 'set-aside', basename(file)), 'utf8')).toBe(
    `${header}\n${bad}\n`,
  )
  expect(services.deps.ingest.metrics.linesSetAside).toBe(1)
  await seedHits(services, [
    { domain: 'bad.example', url: 'https://bad.example/later', timestamp: T0 + 40 * 60_000 },
  ])
  expect((await visitSums(services, site.id))[3]).toBe(2)
  await services.close()
  services = undefined
})
