import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseBackupSchedule } from '../../../server/backup/config'
import { createBackup } from '../../../server/backup/backup'
import { backupName, backupNow, listBackups, runDueBackup } from '../../../server/backup/schedule'
import { fixedClock } from '../../../server/clock'
import { parseConfig } from '../../../server/config'
import { loadSecretKey } from '../../../server/secret'
import type { Store } from '../../../server/store'
import { createLogger } from '../../../server/log'
import { getBackupDir, startPrivacyJobs } from '../../../server/privacy/jobs'
import { openTestStore, type TestStore } from '../../helpers/store'

let t: TestStore
beforeAll(async () => {
  t = await openTestStore()
})
afterAll(() => t.cleanup())

describe('backupName', () => {
  test.each([
    [Date.UTC(2026, 10, 20, 3, 0, 0), 'spur-20261120-030000'],
    [Date.UTC(2027, 0, 1, 23, 59, 59, 999), 'spur-20270101-235959'],
  ])('%i → %s', (now, name) => expect(backupName(now)).toBe(name))
})

describe('parseBackupSchedule', () => {
  test.each([
    [{}, { dir: '/data/backups', keep: 0, hour: 3 }],
    [
      { BACKUP_KEEP: '7', BACKUP_HOUR: '22' },
      { dir: '/data/backups', keep: 7, hour: 22 },
    ],
    [
      { BACKUP_DIR: '/srv/spur-backups', BACKUP_KEEP: '' },
      { dir: '/srv/spur-backups', keep: 0, hour: 3 },
    ],
  ])('%j', (env, value) => {
    expect(parseBackupSchedule(env, '/data')).toEqual({ ok: true, value })
  })
  test.each([
    [{ BACKUP_KEEP: 'many' }, 'BACKUP_KEEP: must be a number'],
    [{ BACKUP_HOUR: '24' }, 'BACKUP_HOUR: must be 0 to 23'],
  ])('%j is refused', (env, error) => {
    const r = parseBackupSchedule(env, '/data')
    expect(r.ok).toBe(false)
    expect(r.ok ? '' : r.error).toContain(error)
  })
})

describe('daily backups', () => {
  test('one a day from the set hour, the oldest beyond `keep` removed', async () => {
    const dir = join(t.dataDir, 'backups')
    const clock = fixedClock(Date.UTC(2026, 10, 20, 2, 59, 0))
    const deps = { store: t.store, dataDir: t.dataDir, now: clock.now }
    const schedule = { dir, keep: 2, hour: 3 }

    expect(await runDueBackup(deps, schedule)).toBeUndefined()
    clock.set(Date.UTC(2026, 10, 20, 3, 0, 0))
    expect((await runDueBackup(deps, schedule))?.name).toBe('spur-20261120-030000')
    clock.set(Date.UTC(2026, 10, 20, 3, 10, 0))
    expect(await runDueBackup(deps, schedule)).toBeUndefined()
    clock.set(Date.UTC(2026, 10, 21, 3, 5, 0))
    expect((await runDueBackup(deps, schedule))?.name).toBe('spur-20261121-030500')
    clock.set(Date.UTC(2026, 10, 22, 4, 0, 0))
    expect((await runDueBackup(deps, schedule))?.name).toBe('spur-20261122-040000')

    expect(listBackups(dir).map((b) => b.name)).toEqual([
      'spur-20261122-040000',
      'spur-20261121-030500',
    ])
    expect(existsSync(join(dir, 'spur-20261120-030000'))).toBe(false)
    expect(readdirSync(join(dir, 'spur-20261122-040000')).sort()).toEqual([
      'clickhouse',
      'spur-backup.json',
    ])
    const tables = listBackups(dir)[0]?.manifest.tables.map((tb) => tb.name)
    expect(tables).toContain('events')
    expect(tables).toContain('schema_migrations')
    // Backups hold e-mail addresses and password hashes: only the owner may read them.
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'spur-20261122-040000')).mode & 0o777).toBe(0o700)
  })

  test('a backup that fails halfway leaves no folder; one a stopped process left goes with the next', async () => {
    const dir = join(t.dataDir, 'backups')
    // The copy is written, then the disk is full.
    const full: Store = {
      ...t.store,
      backups: {
        ...t.store.backups,
        backupDatabase: async (path: string) => {
          await t.store.backups.backupDatabase(path)
          throw new Error('No space left on device')
        },
      },
    }
    const target = join(dir, 'spur-20261123-030000')
    await expect(
      createBackup(full, t.dataDir, target, Date.now(), { exact: false }),
    ).rejects.toThrow('No space left on device')
    expect(existsSync(target)).toBe(false)
    // An empty folder the caller gave stays, emptied.
    mkdirSync(target)
    await expect(
      createBackup(full, t.dataDir, target, Date.now(), { exact: false }),
    ).rejects.toThrow()
    expect(readdirSync(target)).toEqual([])
    rmSync(target, { recursive: true })

    // A folder without a manifest, as a process stopped during its backup leaves it.
    const left = join(dir, 'spur-20261101-030000')
    mkdirSync(join(left, 'clickhouse'), { recursive: true })
    writeFileSync(join(left, 'clickhouse', 'part'), 'x')
    const deps = { store: t.store, dataDir: t.dataDir, now: () => Date.UTC(2026, 10, 24, 3) }
    const made = await backupNow(deps, dir, 5)
    expect(existsSync(left)).toBe(false)
    expect(existsSync(join(made.path, 'spur-backup.json'))).toBe(true)
  })

  test('keep 0 means no schedule', async () => {
    const deps = { store: t.store, dataDir: t.dataDir, now: () => Date.UTC(2026, 10, 25, 12) }
    expect(
      await runDueBackup(deps, { dir: join(t.dataDir, 'backups'), keep: 0, hour: 3 }),
    ).toBeUndefined()
  })

  test('a backup outside the directory the store may write to is refused', async () => {
    const { createBackup } = await import('../../../server/backup/backup')
    await expect(
      createBackup(t.store, t.dataDir, join(t.dataDir, 'elsewhere'), Date.now(), { exact: true }),
    ).rejects.toThrow(`is outside ${join(t.dataDir, 'backups')}`)
  })
})

describe('server wiring', () => {
  test('the store is opened on the directory the schedule writes to', () => {
    expect(getBackupDir('/data', {})).toBe('/data/backups')
    expect(getBackupDir('/data', { BACKUP_DIR: 'nightly' })).toBe('/data/nightly')
    expect(getBackupDir('/data', { BACKUP_DIR: '/srv/b' })).toBe('/srv/b')
  })

  test('bad settings stop the start with the variable named; good ones start and stop', () => {
    const deps = { store: t.store, now: Date.now, log: createLogger('silent'), dataDir: t.dataDir }
    expect(() => startPrivacyJobs(deps, { BACKUP_HOUR: '25' })).toThrow(
      'BACKUP_HOUR: must be 0 to 23',
    )
    const stop = startPrivacyJobs(deps, { BACKUP_KEEP: '3' })
    expect(typeof stop).toBe('function')
    stop()
  })
})

test('a DATA_DIR that Spur creates is readable by its owner only', () => {
  const base = mkdtempSync(join(tmpdir(), 'spur-mode-'))
  try {
    const dataDir = join(base, 'new', 'data')
    const parsed = parseConfig({ DATA_DIR: dataDir }, base)
    if (!parsed.ok) throw new Error(parsed.error)
    loadSecretKey(parsed.value)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600)
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
})
