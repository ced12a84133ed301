import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseConfig } from '../../server/config'

const empty = mkdtempSync(join(tmpdir(), 'spur-cfg-'))

describe('parseConfig', () => {
  test('defaults', () => {
    const r = parseConfig({}, empty)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toMatchObject({
      PORT: 8000,
      HOST: '0.0.0.0',
      TRACKER_PATH: '/js/script.js',
      COLLECT_PATH: '/api/event',
      TRACKER_FUNCTION: 'spur',
      CLICKHOUSE_DATABASE: 'spur',
      TRUST_PROXY: { hops: 0 },
      dataDir: join(empty, 'data'),
    })
    expect(r.value.CLICKHOUSE_URL).toBeUndefined()
  })

  test.each([
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ PORT: '70000' }, 'PORT: must be 1 to 65535'],
    [{ BASE_URL: 'stats.example.com' }, 'BASE_URL: must be an absolute URL'],
    [{ BASE_URL: 'ftp://stats.example.com' }, 'BASE_URL: must use http or https'],
    [{ TRACKER_PATH: 'js/script.js' }, 'TRACKER_PATH: TRACKER_PATH must start with /'],
    [{ COLLECT_PATH: '/api/event/' }, 'COLLECT_PATH: COLLECT_PATH must not contain // or end in /'],
    [{ TRACKER_FUNCTION: 'my-fn' }, 'TRACKER_FUNCTION: must be a JavaScript identifier'],
    [{ CLICKHOUSE_URL: 'not a url' }, 'CLICKHOUSE_URL: must be a URL'],
    [{ CLICKHOUSE_DATABASE: 'spur; DROP' }, 'CLICKHOUSE_DATABASE: must be a plain identifier'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY: must be false, true or a number of proxy hops'],
    [{ ADMIN_EMAIL: 'owner@example.com' }, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
    [
      { ADMIN_EMAIL: 'owner', ADMIN_PASSWORD: 'long enough pw' },
      'ADMIN_EMAIL: must be an e-mail address',
    ],
    [
      { ADMIN_EMAIL: 'a@b.de', ADMIN_PASSWORD: 'short' },
      'ADMIN_PASSWORD: must be at least 10 characters',
    ],
    [
      { TRACKER_PATH: '/x/e', COLLECT_PATH: '/x/e' },
      'TRACKER_PATH, TRACKER_ALIASES and COLLECT_PATH must all differ',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: '],
    [{ SPOOL_MAX_MB: 'lots' }, 'SPOOL_MAX_MB: must be a positive number'],
    [{ INGEST_BATCH_MS: '0' }, 'INGEST_BATCH_MS: must be a positive number'],
    [{ BACKUP_KEEP: '-1' }, 'BACKUP_KEEP: must be 0 (off) to 365'],
    [{ BACKUP_HOUR: '24' }, 'BACKUP_HOUR: must be 0 to 23'],
  ])('%j is rejected with a message naming the variable', (env, message) => {
    const r = parseConfig(env, empty)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(message)
  })

  test('renamed paths, proxy hops and aliases', () => {
    const r = parseConfig(
      {
        TRACKER_PATH: '/assets/app-7.js',
        COLLECT_PATH: '/x/e',
        TRACKER_ALIASES: '/a.js, /b/c.js',
        TRUST_PROXY: '2',
      },
      empty,
    )
    expect(r.ok && r.value).toMatchObject({
      TRACKER_PATH: '/assets/app-7.js',
      COLLECT_PATH: '/x/e',
      TRACKER_ALIASES: ['/a.js', '/b/c.js'],
      TRUST_PROXY: { hops: 2 },
    })
  })

  test('.env fills gaps and the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spur-cfg-'))
    writeFileSync(join(dir, '.env'), 'PORT=9001\nHOST=127.0.0.1\n# a comment\nDATA_DIR=/srv/spur\n')
    const r = parseConfig({ HOST: '::1' }, dir)
    expect(r.ok && r.value).toMatchObject({ PORT: 9001, HOST: '::1', dataDir: '/srv/spur' })
  })
})
