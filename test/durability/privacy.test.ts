import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openStore } from '../../server/store'
import { addSite, buildOnce, startChild, tempDataDir, type Child } from './child-server'

const DOMAIN = 'private.example'
// Distinctive values, so any copy of them anywhere is found.
const VISITORS = [
  {
    ip: '198.18.73.219',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.207 Safari/537.36 PrivacyProbeA/7.3',
  },
  {
    ip: '2001:db8:7a3f::91c2',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1 PrivacyProbeB/9.1',
  },
  {
    ip: '203.0.113.241',
    ua: 'Mozilla/5.0 (compatible; PrivacyProbeBot/1.0; +https://bot.example/)',
  },
]
const SECRETS = VISITORS.flatMap((v) => [v.ip, v.ua, v.ua.slice(-18)])

let dataDir: string
let child: Child | undefined
beforeAll(() => {
  buildOnce()
  dataDir = tempDataDir('privacy')
})
afterAll(() => {
  child?.proc.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

test('no table, spool file or log under DATA_DIR holds a visitor IP or User-Agent', async () => {
  child = await startChild(dataDir, { INGEST_BATCH_MS: '60000' })
  await addSite(child.base, DOMAIN)
  const statuses: number[] = []
  for (const v of VISITORS)
    for (const body of [
      { n: 'pageview', u: `https://${DOMAIN}/`, d: DOMAIN, r: 'https://www.google.com/' },
      { n: 'Signup', u: `https://${DOMAIN}/join`, d: DOMAIN, p: { plan: 'pro' } },
      { n: 'pageview', u: 'https://other.example/', d: DOMAIN }, // dropped: hostname
      { n: 'pageview', d: DOMAIN }, // refused: no url
    ]) {
      const res = await fetch(`${child.base}/api/event`, {
        method: 'POST',
        headers: { 'user-agent': v.ua, 'x-forwarded-for': v.ip },
        body: JSON.stringify(body),
      })
      statuses.push(res.status)
    }
  expect(statuses).toEqual([202, 202, 202, 400, 202, 202, 202, 400, 202, 202, 202, 400])
  // While the batch is still in the spool (60 s batches), the spool files are checked too.
  const spool = filesUnder(join(dataDir, 'spool'))
  expect(spool.length).toBe(1)
  const spoolText = readFileSync(spool[0] ?? '', 'utf8')
  // The header naming the columns, then one line per stored hit.
  expect(spoolText.split('\n').filter(Boolean)).toHaveLength(5)
  for (const s of SECRETS) expect(spoolText).not.toContain(s)

  child.proc.kill('SIGTERM')
  expect(await child.exited).toBe(0)
  child = undefined

  // Every file under DATA_DIR, byte for byte (log, spool, the engine's own files).
  for (const file of filesUnder(dataDir)) {
    const bytes = readFileSync(file)
    for (const s of SECRETS) expect(bytes.includes(s), `${file} contains ${s}`).toBe(false)
  }
  const log = readFileSync(join(dataDir, 'server.log'), 'utf8')
  expect(log).toContain('spool drained')
  expect(log).toContain('"reason":"hostname_mismatch"')
  expect(log).toContain('"reason":"bot"')
  expect(log).toContain('"field":"url"')

  // And every table's content, decompressed by the engine itself.
  const store = await openStore({ dataDir, database: 'spur' })
  try {
    const tables = await store.reader.query<{ name: string }>(
      'test',
      'SELECT name FROM system.tables WHERE database = currentDatabase()',
    )
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['events', 'sessions', 'salts', 'sites']),
    )
    for (const { name } of tables) {
      if (!/^[a-z_0-9]+$/.test(name)) continue
      const rows = await store.reader.query('test', `SELECT * FROM ${name}`)
      const text = JSON.stringify(rows)
      for (const s of SECRETS) expect(text.includes(s), `table ${name} contains ${s}`).toBe(false)
    }
    const [n] = await store.reader.query<{ n: number | string }>(
      'test',
      'SELECT count() AS n FROM events',
    )
    expect(Number(n?.n)).toBe(4)
  } finally {
    await store.close()
  }
}, 120_000)
