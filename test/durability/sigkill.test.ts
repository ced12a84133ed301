import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openStore } from '../../server/store'
import { addSite, buildOnce, startChild, tempDataDir, type Child } from './child-server'

const DOMAIN = 'durable.example'
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const TOTAL = 2000
const CONCURRENCY = 32

let dataDir: string
let child: Child | undefined
beforeAll(() => {
  buildOnce()
  dataDir = tempDataDir('sigkill')
})
afterAll(() => {
  child?.proc.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

async function send(base: string, id: number): Promise<number> {
  try {
    const res = await fetch(`${base}/api/event`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': UA,
        'x-forwarded-for': `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
      },
      body: JSON.stringify({
        n: id % 5 === 0 ? 'Signup' : 'pageview',
        u: `https://${DOMAIN}/p/${id % 37}`,
        d: DOMAIN,
        p: { id: String(id) },
      }),
    })
    await res.arrayBuffer()
    return res.status
  } catch {
    return 0 // the connection died with the server: not acknowledged
  }
}

test('every event answered 202 before a SIGKILL is stored exactly once after the restart', async () => {
  child = await startChild(dataDir, { INGEST_BATCH_MS: '200' })
  await addSite(child.base, DOMAIN)
  const acknowledged = new Set<number>()
  let next = 0
  let killed = false
  const base = child.base
  const proc = child.proc
  const worker = async () => {
    while (next < TOTAL) {
      const id = next++
      const status = await send(base, id)
      if (status === 202) acknowledged.add(id)
      // Kill in the middle of the load, with requests in flight and batches being written.
      if (!killed && acknowledged.size >= TOTAL / 2) {
        killed = true
        proc.kill('SIGKILL')
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  expect(killed).toBe(true)
  expect(await child.exited).toBeNull()
  expect(acknowledged.size).toBeGreaterThanOrEqual(TOTAL / 2)

  // Restart on the same DATA_DIR: the spool is replayed; SIGTERM then drains and exits.
  child = await startChild(dataDir)
  child.proc.kill('SIGTERM')
  expect(await child.exited).toBe(0)
  child = undefined
  // The restart really had work to redo: files the killed process had not written.
  expect(readFileSync(join(dataDir, 'server.log'), 'utf8')).toContain('replaying the spool')

  const store = await openStore({ dataDir, database: 'spur' })
  try {
    const rows = await store.reader.query<{ id: string; n: string | number }>(
      'test',
      "SELECT props['id'] AS id, count() AS n FROM events GROUP BY id",
    )
    const counts = new Map(rows.map((r) => [Number(r.id), Number(r.n)]))
    const missing = [...acknowledged].filter((id) => !counts.has(id))
    const doubled = [...counts].filter(([, n]) => n !== 1)
    expect({ missing: missing.length, doubled: doubled.length }).toEqual({ missing: 0, doubled: 0 })
    // Visits stay consistent: every state written with -1 was written with +1 before.
    const [v] = await store.reader.query<{ bad: string | number }>(
      'test',
      'SELECT countIf(s < 0 OR s > 1) AS bad FROM (SELECT session_id, sum(sign) AS s FROM sessions GROUP BY session_id)',
    )
    expect(Number(v?.bad)).toBe(0)
  } finally {
    await store.close()
  }
}, 120_000)
