// Runs one step of the backup test in a process of its own: chDB allows one data directory
// per process, and a restore must start a fresh engine on an empty DATA_DIR.
import { runCli } from '../../../server/cli/run'
import { parseConfig } from '../../../server/config'
import { createApp } from '../../../server/http/app'
import { createLogger } from '../../../server/log'
import { startServices } from '../../../server/services'
import { seedHits, type SeedHit } from '../../helpers/seed'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const ADMIN = { email: 'owner@example.com', password: 'correct horse battery' }
const DOMAIN = 'backup.example'

/** The Stats API questions whose answers must survive a backup and restore. */
const QUESTIONS = [
  { metrics: ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration', 'events'] },
  { metrics: ['visitors', 'pageviews'], dimensions: ['event:page'] },
  { metrics: ['visitors'], dimensions: ['visit:country', 'visit:browser'] },
  { metrics: ['visitors', 'pageviews'], dimensions: ['time:day'] },
  { metrics: ['visits'], dimensions: ['visit:source'] },
]

function hits(): SeedHit[] {
  const out: SeedHit[] = []
  const pages = ['/', '/pricing', '/blog/a', '/blog/b', '/contact']
  const refs = ['https://www.google.com/', 'https://news.ycombinator.com/', undefined]
  const agents = [
    'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  ]
  for (let v = 0; v < 60; v++) {
    const start = Date.UTC(2026, 10, 1 + (v % 18), 8 + (v % 9), v % 60)
    const views = 1 + (v % 4)
    for (let i = 0; i < views; i++)
      out.push({
        domain: DOMAIN,
        url: `https://${DOMAIN}${pages[(v + i) % pages.length] ?? '/'}`,
        referrer: i === 0 ? refs[v % refs.length] : undefined,
        ip: `198.51.100.${v}`,
        userAgent: agents[v % agents.length],
        timestamp: start + i * 45_000,
      })
  }
  return out.sort((a, b) => a.timestamp - b.timestamp)
}

type Request = (path: string, body?: unknown) => Promise<Response>

async function withApp<T>(
  dataDir: string,
  run: (request: Request, services: Awaited<ReturnType<typeof startServices>>) => Promise<T>,
  env: Record<string, string> = {},
) {
  const parsed = parseConfig({
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    ...env,
  })
  if (!parsed.ok) throw new Error(parsed.error)
  const services = await startServices(parsed.value, createLogger('silent'), () => NOW)
  const app = createApp(services.deps, services.setup)
  try {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const request = async (path: string, body?: unknown) =>
      app.request(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', cookie, 'sec-fetch-site': 'same-origin' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    return await run(request, services)
  } finally {
    await services.close()
  }
}

async function answers(request: Request) {
  const out: unknown[] = []
  for (const q of QUESTIONS) {
    const res = await request('/api/v2/query', {
      site_id: DOMAIN,
      date_range: ['2026-11-01', '2026-11-20'],
      ...q,
    })
    out.push({ status: res.status, body: (await res.json()) as unknown })
  }
  return out
}

const [mode, dataDir = '', dir = ''] = process.argv.slice(2)
switch (mode) {
  case 'seed':
    await withApp(dataDir, async (request, services) => {
      const res = await request('/api/sites', { domain: DOMAIN, timezone: 'Europe/Berlin' })
      if (res.status !== 201) throw new Error(`creating the site: ${res.status}`)
      await seedHits(services, hits())
    })
    // Asked after a restart, as the restored side will be.
    process.stdout.write(JSON.stringify(await withApp(dataDir, answers)))
    break
  case 'crash':
    // The hits are acknowledged (on disk in the spool) and the process ends before the writer
    // stores them, as after a power cut or a stop whose drain timed out.
    await withApp(
      dataDir,
      async (request, services) => {
        const res = await request('/api/sites', { domain: DOMAIN, timezone: 'Europe/Berlin' })
        if (res.status !== 201) throw new Error(`creating the site: ${res.status}`)
        const durable: Array<Promise<void>> = []
        for (const hit of hits()) {
          const body = JSON.stringify({ n: 'pageview', u: hit.url, d: hit.domain, r: hit.referrer })
          const input = { body, ip: hit.ip ?? '', userAgent: hit.userAgent ?? '', hints: {} }
          const submitted = await services.deps.ingest.submit(
            { ...input, privacySignal: false },
            hit.timestamp,
          )
          if (submitted.outcome.kind !== 'accepted') throw new Error(submitted.outcome.kind)
          durable.push(submitted.durable)
        }
        await Promise.all(durable)
        process.exit(0)
      },
      { INGEST_BATCH_MS: '600000', INGEST_BATCH_EVENTS: '100000' },
    )
    break
  case 'stats':
    process.stdout.write(JSON.stringify(await withApp(dataDir, answers)))
    break
  case 'backup':
  case 'restore':
    {
      // As server/cli.ts runs it: the same configuration, the lines printed, the exit code.
      const parsed = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
      if (!parsed.ok) throw new Error(parsed.error)
      const result = await runCli([mode, dir], parsed.value)
      for (const line of result.out) (result.code === 0 ? console.log : console.error)(line)
      process.exitCode = result.code
    }
    break
  case 'cli':
    {
      // Any command line, as server/cli.ts runs it: `cli <DATA_DIR> <argument>…`.
      const parsed = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
      if (!parsed.ok) throw new Error(parsed.error)
      const result = await runCli(process.argv.slice(4), parsed.value)
      for (const line of result.out) (result.code === 0 ? console.log : console.error)(line)
      process.exitCode = result.code
    }
    break
  default:
    throw new Error(`unknown step ${mode}`)
}
