import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' }

export interface DashboardServer {
  url: string
  port: number
  /** Everything the server printed, for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts the built server (`node dist/server/main.js`, from `node scripts/build.js`) on a fresh
 * DATA_DIR with an owner account (none with ADMIN_EMAIL: ''), trusting X-Forwarded-For so tests
 * can vary visitors.
 */
export async function startDashboardServer(
  env: Record<string, string> = {},
): Promise<DashboardServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spur-dash-'))
  const port = await freePort()
  let out = ''
  const child: ChildProcess = spawn(process.execPath, ['dist/server/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(env.ADMIN_EMAIL === ''
        ? {}
        : { ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password }),
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'ADMIN_EMAIL')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      out += `\n[server exited: code ${code}, signal ${signal}]\n`
      resolve()
    }),
  )
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not become healthy in 60 s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    port,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
