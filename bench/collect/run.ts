// Collector benchmark: `npm run bench -- collect [--seconds N] [--concurrency N]`.
// Runs the real server (dist/server/main.js, embedded store) and a bare Hono handler that only
// reads the body and answers 202, each in its own process, under the same traffic.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../server/store'
import { closedLoop, openLoop, percentile } from './load'
import { browserAgents, traffic } from './traffic'

const BARE_SERVER = `import { serve } from '@hono/node-server'
import { Hono } from 'hono'
const app = new Hono().post('/api/event', async (c) => {
  await c.req.text()
  return c.body(null, 202)
})
serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
`

const args = process.argv.slice(2)
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited`)
    try {
      await fetch(url, { method: 'OPTIONS' })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`${url} did not come up`)
}

/** Failures by status over both phases (0: the connection failed). */
const sumCounts = (...counts: Array<Record<number, number>>) => {
  const sum: Record<number, number> = {}
  for (const c of counts)
    for (const [k, n] of Object.entries(c)) sum[Number(k)] = (sum[Number(k)] ?? 0) + n
  return sum
}

const peakRssMb = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : 0
}

async function measure(
  label: string,
  port: number,
  pid: number,
  seconds: number,
  concurrency: number,
) {
  const domain = 'bench.example'
  // Warm-up: caches, JIT, first salt.
  const warm = await closedLoop(port, traffic(domain, 1), concurrency, 1)
  const peak = await closedLoop(port, traffic(domain, 2), concurrency, seconds)
  const peakRate = peak.sent / seconds
  const half = await openLoop(
    port,
    traffic(domain, 3),
    Math.max(1, Math.round(peakRate / 2)),
    seconds,
  )
  const rss = peakRssMb(pid)
  console.log(
    `${label}: peak ${Math.round(peakRate)} req/s (${Math.round(peak.acknowledged / seconds)} stored/s); ` +
      `at ${Math.round(peakRate / 2)} req/s p50 ${percentile(half.latenciesMs, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(half.latenciesMs, 99).toFixed(2)} ms; peak RSS ${rss} MB; failed ${peak.failed + half.failed} ${JSON.stringify(sumCounts(peak.failures, half.failures))}`,
  )
  return {
    peakRate,
    acknowledged: warm.acknowledged + peak.acknowledged + half.acknowledged,
    half,
    rss,
  }
}

async function main(children: ChildProcess[]) {
  const seconds = flag('seconds', 5)
  const concurrency = flag('concurrency', 32)
  console.log(
    `traffic: ${browserAgents(2400).length} distinct User-Agents, 20,000 visitors, ~5 % bots; ${seconds} s per phase, ${concurrency} clients`,
  )

  if (!existsSync('dist/server/main.js'))
    spawnSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' })

  const barePort = 18_000 + (process.pid % 1000)
  // The baseline is a file of its own, so its process loads nothing but Hono.
  writeFileSync('dist/bench/collect-bare.mjs', BARE_SERVER)
  const bare = spawn(process.execPath, ['dist/bench/collect-bare.mjs', String(barePort)], {
    stdio: 'inherit',
  })
  children.push(bare)
  await waitFor(`http://127.0.0.1:${barePort}/api/event`, bare)
  const b = await measure('bare Hono', barePort, bare.pid ?? 0, seconds, concurrency)
  bare.kill('SIGTERM')

  const dataDir = mkdtempSync(join(tmpdir(), 'spur-bench-'))
  const port = barePort + 1
  const spur = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: 'bench@example.com',
      ADMIN_PASSWORD: 'benchmark-password',
    },
    stdio: 'inherit',
  })
  children.push(spur)
  await waitFor(`http://127.0.0.1:${port}/api/event`, spur)
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark-password' }),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  await fetch(`http://127.0.0.1:${port}/api/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ domain: 'bench.example', timezone: 'Europe/Berlin' }),
  })
  const s = await measure('Spur', port, spur.pid ?? 0, seconds, concurrency)
  // Everything acknowledged (warm-up included) must be stored once SIGTERM has drained.
  const acknowledged = s.acknowledged
  spur.kill('SIGTERM')
  await new Promise((r) => spur.on('exit', r))
  const store = await openStore({ dataDir, database: 'spur' })
  const [row] = await store.reader.query<{ n: number | string }>(
    'bench',
    'SELECT count() AS n FROM events',
  )
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
  const stored = Number(row?.n)

  console.log('')
  console.log('| measure | bare Hono | Spur | target |')
  console.log('| --- | --- | --- | --- |')
  console.log(
    `| peak rate (req/s) | ${Math.round(b.peakRate)} | ${Math.round(s.peakRate)} | ratio ≥ 70 % |`,
  )
  console.log(`| ratio | | ${((100 * s.peakRate) / b.peakRate).toFixed(1)} % | ≥ 70 % |`)
  console.log(
    `| p50 at half peak (ms) | ${percentile(b.half.latenciesMs, 50).toFixed(2)} | ${percentile(s.half.latenciesMs, 50).toFixed(2)} | |`,
  )
  console.log(
    `| p99 at half peak (ms) | ${percentile(b.half.latenciesMs, 99).toFixed(2)} | ${percentile(s.half.latenciesMs, 99).toFixed(2)} | ≤ 15 ms |`,
  )
  console.log(`| peak RSS (MB) | ${b.rss} | ${s.rss} | ≤ 300 MB |`)
  console.log(`| acknowledged / stored | | ${acknowledged} / ${stored} | equal |`)
  if (stored !== acknowledged) process.exitCode = 1
}

const children: ChildProcess[] = []
try {
  await main(children)
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
}
