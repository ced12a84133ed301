import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url))

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

export interface ServerProcess {
  url: string
  port: number
  child: ChildProcess
  /** Everything the process printed so far (stdout and stderr). */
  output(): string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  /**
   * SIGTERM, then wait for the exit. A server still running after `timeoutMs` is killed and
   * the promise rejects with its output, so a stop that hangs is reported as such.
   */
  stop(timeoutMs?: number): Promise<number | null>
}

/**
 * Runs the built server (dist/server/main.js) as a child process on a free port and waits
 * until /healthz answers, or until the process exits (then the promise still resolves, so a
 * test can assert on a failed start).
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()))
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let done = false
  void exited.then(() => (done = true))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  while (!done && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    child,
    output: () => text,
    exited,
    async stop(timeoutMs = 45_000) {
      if (done) return exited
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const hung = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), timeoutMs)
      })
      const result = await Promise.race([exited, hung])
      clearTimeout(timer)
      if (result !== 'hung') return result
      child.kill('SIGKILL')
      await exited
      throw new Error(
        `the server did not stop within ${timeoutMs} ms of SIGTERM:\n${text.slice(-4000)}`,
      )
    },
  }
}
