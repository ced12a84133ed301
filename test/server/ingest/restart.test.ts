import { mkdtempSync, rmSync } from 'node:fs'
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
const T0 = Date.UTC(2026, 10, 20, 15, 0)
const clock = fixedClock(T0)
let services: Services | undefined
afterAll(async () => {
  await services?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function start() {
  const parsed = parseConfig({ DATA_DIR: dataDir }, dataDir)
  if (!parsed.ok) throw new Error(parsed.error)
  return startServices(parsed.value, createLogger('silent'), clock.now)
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
  const [v] = await services.deps.store.reader.query<Record<string, number | string>>(
    'test',
    `SELECT sum(sign) AS visits, sum(sign * pageviews) AS pageviews, sum(sign * duration) AS duration
     FROM sessions WHERE site_id = {site:UInt32}`,
    { site: site.id },
  )
  expect([v?.visits, v?.pageviews, v?.duration].map(Number)).toEqual([1, 3, 600])
})
