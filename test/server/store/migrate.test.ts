import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  defaultMigrationsDir,
  migrate,
  MigrationError,
  splitStatements,
} from '../../../server/store'
import { openTestStore, type TestStore } from '../../helpers/store'

let t: TestStore
beforeAll(async () => {
  t = await openTestStore()
})
afterAll(() => t.cleanup())

describe('splitStatements', () => {
  test.each([
    ['CREATE TABLE a (x UInt8) ENGINE = Memory;', 1],
    ['-- only a comment\n', 0],
    ['SELECT 1;\n-- a; b\nSELECT 2;\n', 2],
    ["SELECT 'a;b';\nSELECT 3", 2],
  ])('%j has %i statements', (sql, count) => {
    expect(splitStatements(sql)).toHaveLength(count)
  })
})

describe('migrate', () => {
  test('records every file once and is idempotent', async () => {
    const again = await migrate(t.store)
    expect(again.applied).toEqual([])
    const rows = await t.store.reader.query<{ n: string }>(
      'test',
      'SELECT count() AS n FROM schema_migrations',
    )
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(2)
  })

  test('a broken file stops with its name, keeps data, and runs once fixed', async () => {
    await t.store.writer.insert('instance_settings', [
      { key: 'probe', value: 'kept', updated_at: 1 },
    ])
    const dir = mkdtempSync(join(tmpdir(), 'spur-sql-'))
    cpSync(defaultMigrationsDir, dir, { recursive: true })
    const broken =
      'CREATE TABLE IF NOT EXISTS probe_new (x UInt8) ENGINE = MergeTree ORDER BY x;\nCREATE TABLE oops (;\n'
    writeFileSync(join(dir, '9000_probe.sql'), broken)
    const failure = await migrate(t.store, dir).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(MigrationError)
    expect((failure as Error).message).toContain('sql/9000_probe.sql failed at statement 2')
    const kept = await t.store.reader.query<{ value: string }>(
      'test',
      "SELECT value FROM instance_settings FINAL WHERE key = 'probe'",
    )
    expect(kept).toEqual([{ value: 'kept' }])
    writeFileSync(
      join(dir, '9000_probe.sql'),
      broken.replace(
        'CREATE TABLE oops (;',
        'CREATE TABLE IF NOT EXISTS oops (x UInt8) ENGINE = Memory;',
      ),
    )
    const fixed = await migrate(t.store, dir)
    expect(fixed.applied).toEqual(['9000_probe.sql'])
  })

  test('a retried insert with the same token is stored once; other inserts are not swallowed', async () => {
    await t.store.writer.command(
      'CREATE TABLE IF NOT EXISTS dedup_probe (x UInt8) ENGINE = MergeTree ORDER BY x SETTINGS non_replicated_deduplication_window = 100',
    )
    await t.store.writer.insert('dedup_probe', [{ x: 1 }], { dedupToken: 'batch-1' })
    await t.store.writer.insert('dedup_probe', [{ x: 1 }], { dedupToken: 'batch-1' })
    await t.store.writer.insert('dedup_probe', [{ x: 2 }])
    await t.store.writer.insert('dedup_probe', [{ x: 2 }])
    const rows = await t.store.reader.query<{ x: number }>(
      'test',
      'SELECT x FROM dedup_probe ORDER BY x',
    )
    expect(rows.map((r) => r.x)).toEqual([1, 2, 2])
  })
})
