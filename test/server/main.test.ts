import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { defaultMigrationsDir } from '../../server/store'
import { startServer, type ServerProcess } from '../helpers/server-process'

const running: ServerProcess[] = []
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()))
})

const admin = { ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'correct horse battery' }

async function start(env: Record<string, string>) {
  const server = await startServer(env)
  running.push(server)
  return server
}

async function login(server: ServerProcess): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD }),
  })
  expect(res.status).toBe(200)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  return { cookie, origin: server.url, 'content-type': 'application/json' }
}

async function siteDomains(server: ServerProcess): Promise<string[]> {
  const res = await fetch(`${server.url}/api/sites`, { headers: await login(server) })
  const body = (await res.json()) as { sites: Array<{ domain: string }> }
  return body.sites.map((s) => s.domain)
}

describe('the server process', () => {
  test('an invalid variable stops start-up with a message naming it', async () => {
    const server = await start({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'spur-main-')),
      TRACKER_PATH: 'nope',
    })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('TRACKER_PATH: TRACKER_PATH must start with /')
  })

  test('an unreachable ClickHouse server stops start-up with a message naming CLICKHOUSE_URL', async () => {
    const server = await start({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'spur-main-')),
      CLICKHOUSE_URL: 'http://127.0.0.1:9',
    })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain(
      'Cannot reach ClickHouse at CLICKHOUSE_URL=http://127.0.0.1:9',
    )
  })

  test('first run without ADMIN_* prints a setup token that creates the owner once', async () => {
    const server = await start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'spur-main-')) })
    const token = /setup token: (\S+)"/.exec(server.output())?.[1]
    expect(token).toBeTruthy()
    expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ needed: true })
    const post = (body: object) =>
      fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify(body),
      })
    expect(
      (await post({ token: 'wrong', email: 'me@example.com', password: 'long enough password' }))
        .status,
    ).toBe(403)
    expect((await post({ token, email: 'me@example.com', password: 'short' })).status).toBe(400)
    const ok = await post({ token, email: 'me@example.com', password: 'long enough password' })
    expect(ok.status).toBe(201)
    expect(ok.headers.get('set-cookie')).toContain('HttpOnly')
    expect(
      (await post({ token, email: 'other@example.com', password: 'long enough password' })).status,
    ).toBe(403)
    expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ needed: false })
    await server.stop()
  })

  test('data survives a restart; a second process on the same DATA_DIR fails clearly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spur-main-'))
    const first = await start({ DATA_DIR: dataDir, ...admin })
    const res = await fetch(`${first.url}/api/sites`, {
      method: 'POST',
      headers: await login(first),
      body: JSON.stringify({ domain: 'kept.example', timezone: 'Europe/Berlin' }),
    })
    expect(res.status).toBe(201)

    const second = await start({ DATA_DIR: dataDir, ...admin })
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(
      `The data directory ${dataDir} is in use by another Spur process`,
    )

    expect(await first.stop()).toBe(0)
    const again = await start({ DATA_DIR: dataDir, ...admin })
    expect(await siteDomains(again)).toEqual(['kept.example'])
    await again.stop()
  })

  test('a broken migration stops start-up naming the file; fixed, the old data is still there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spur-main-'))
    const sqlDir = mkdtempSync(join(tmpdir(), 'spur-sql-'))
    cpSync(defaultMigrationsDir, sqlDir, { recursive: true })
    const env = { DATA_DIR: dataDir, SPUR_MIGRATIONS_DIR: sqlDir, ...admin }
    const first = await start(env)
    await fetch(`${first.url}/api/sites`, {
      method: 'POST',
      headers: await login(first),
      body: JSON.stringify({ domain: 'before.example', timezone: 'UTC' }),
    })
    await first.stop()

    writeFileSync(
      join(sqlDir, '9999_broken.sql'),
      'ALTER TABLE sites ADD COLUMN IF NOT EXISTS note String;\nCREATE TABLE x (;\n',
    )
    const broken = await start(env)
    expect(await broken.exited).toBe(1)
    expect(broken.output()).toContain('Migration sql/9999_broken.sql failed at statement 2')

    writeFileSync(
      join(sqlDir, '9999_broken.sql'),
      'ALTER TABLE sites ADD COLUMN IF NOT EXISTS note String;\n',
    )
    const fixed = await start(env)
    expect(await siteDomains(fixed)).toEqual(['before.example'])
    await fixed.stop()
  })
})
