import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ADMIN = { email: 'owner@example.com', password: 'correct horse battery' }

/** Builds dist/ as `npm start` does (server bundle, tracker, dashboard). */
export function buildOnce(): void {
  const r = spawnSync(process.execPath, ['scripts/build.js'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`)
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface Child {
  proc: ChildProcess
  base: string
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>
}

/**
 * Starts `node dist/server/main.js` on DATA_DIR `dataDir` and waits until /healthz answers.
 * Its log (stdout and stderr) is appended to `dataDir`/server.log, so tests can read it.
 */
export async function startChild(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Child> {
  const port = await freePort()
  const log = createWriteStream(join(dataDir, 'server.log'), { flags: 'a' })
  const proc = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'debug',
      TRUST_PROXY: '1',
      COLLECT_RATE_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout?.pipe(log)
  proc.stderr?.pipe(log)
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`)
    try {
      const res = await fetch(`${base}/healthz`)
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error('server did not become healthy within 60 s')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { proc, base, exited }
}

/** Logs in as the admin and adds a site; returns the session headers. */
export async function addSite(base: string, domain: string): Promise<void> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  if (login.status !== 200) throw new Error(`login: ${login.status}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const res = await fetch(`${base}/api/sites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ domain, timezone: 'Europe/Berlin' }),
  })
  if (res.status !== 201) throw new Error(`add site: ${res.status} ${await res.text()}`)
}

export const tempDataDir = (label: string) => mkdtempSync(join(tmpdir(), `spur-${label}-`))
