import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock, type Clock } from '../../server/clock'
import { parseConfig } from '../../server/config'
import { createApp, type App } from '../../server/http/app'
import { createLogger } from '../../server/log'
import { startServices, type Services } from '../../server/services'

export const ADMIN = { email: 'owner@example.com', password: 'correct horse battery' }

export interface TestApp {
  app: App
  services: Services
  clock: Clock
  dataDir: string
  /** Logs in and returns headers (cookie + same-origin fetch metadata) for further requests. */
  login(email?: string, password?: string): Promise<Record<string, string>>
  /** A JSON request with the given headers. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>
  cleanup(): Promise<void>
}

/**
 * Starts the real services on a fresh embedded store in a temporary DATA_DIR with an admin
 * account, and a pinned clock. One per test file (chDB: one data directory per process).
 */
export async function createTestApp(
  options: { now?: number; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spur-app-'))
  const parsed = parseConfig(
    {
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    dataDir,
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const clock = fixedClock(options.now ?? Date.UTC(2026, 10, 20, 12, 0, 0))
  const services = await startServices(parsed.value, createLogger('silent'), clock.now)
  const app = createApp(services.deps, services.setup)
  const request = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    )
  return {
    app,
    services,
    clock,
    dataDir,
    request,
    async login(email = ADMIN.email, password = ADMIN.password) {
      const res = await request('POST', '/api/auth/login', { email, password })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      return { cookie, 'sec-fetch-site': 'same-origin' }
    },
    async cleanup() {
      await services.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
