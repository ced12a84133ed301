import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
// Two levels below the root, like dist/server/main.js, so node_modules and sql/ resolve alike;
// inside this checkout (node_modules may be a link shared with others) and named per run.
const CHILD = join(ROOT, 'dist', 'test', `spur-backup-child-${process.pid}.mjs`)

let work: string
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'spur-backup-'))
  await build({
    entryPoints: [join(ROOT, 'test/server/backup/backup-child.ts')],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
})
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
  rmSync(CHILD, { force: true })
})

function step(...args: string[]) {
  const r = spawnSync(process.execPath, [CHILD, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('backup and restore with ClickHouse BACKUP/RESTORE', () => {
  test(
    'seed, back up, delete DATA_DIR, restore into an empty one: the Stats API answers the same',
    { timeout: 180_000 },
    () => {
      const first = join(work, 'data-1')
      const second = join(work, 'data-2')
      const backup = join(work, 'backups', 'nightly')

      const seeded = step('seed', first)
      expect(seeded.err).toBe('')
      expect(seeded.code).toBe(0)
      const before = JSON.parse(seeded.out) as Array<{
        status: number
        body: { results: unknown[] }
      }>
      expect(before.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
      // Not an empty answer that would trivially match: 60 visitors, 150 pageviews, 15 bounces.
      expect(before[0]?.body.results).toEqual([
        { metrics: [60, 60, 150, 25, 68, 150], dimensions: [] },
      ])

      const backedUp = step('backup', first, backup)
      expect(backedUp.err).toBe('')
      expect(backedUp.out).toMatch(
        /^Backed up \d+ tables \(\d+ rows\) of .* to .*nightly in \d+ ms\.\n$/,
      )
      expect(readdirSync(backup).sort()).toEqual(['clickhouse', 'secret.key', 'spur-backup.json'])

      // A second backup into the same directory is refused, not mixed in.
      const again = step('backup', first, backup)
      expect(again.code).toBe(1)
      expect(again.err).toContain('is not empty')

      rmSync(first, { recursive: true, force: true })
      expect(existsSync(first)).toBe(false)

      const restored = step('restore', second, backup)
      expect(restored.err).toBe('')
      expect(restored.out).toMatch(
        /^Restored \d+ tables \(\d+ rows\) from .*nightly into .*data-2 in \d+ ms\.\n$/,
      )

      const after = step('stats', second)
      expect(after.err).toBe('')
      expect(JSON.parse(after.out)).toEqual(before)

      // Restoring over data that is already there is refused.
      const over = step('restore', second, backup)
      expect(over.code).toBe(1)
      expect(over.err).toContain('restore into an empty DATA_DIR')
    },
  )

  test('a directory that is not a backup is refused with the reason', () => {
    const empty = join(work, 'not-a-backup')
    mkdirSync(empty, { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(empty, 'package.json'))
    const r = step('restore', join(work, 'data-3'), empty)
    expect(r.code).toBe(1)
    expect(r.err).toContain('is not a Spur backup (no spur-backup.json)')
    // A mistyped backup folder is named, and neither it nor the new DATA_DIR is made.
    const typo = step('restore', join(work, 'data-4'), join(work, 'backups', 'nigthly'))
    expect(typo.code).toBe(1)
    expect(typo.err).toContain('nigthly is not a Spur backup (no spur-backup.json)')
    expect(existsSync(join(work, 'backups', 'nigthly'))).toBe(false)
    expect(existsSync(join(work, 'data-3'))).toBe(false)
    expect(existsSync(join(work, 'data-4'))).toBe(false)
    // So is a manifest that is not JSON any more.
    writeFileSync(join(empty, 'spur-backup.json'), '{"format": 1,')
    const damaged = step('restore', join(work, 'data-4'), empty)
    expect(damaged.code).toBe(1)
    expect(damaged.err).toContain(`${join(empty, 'spur-backup.json')} is damaged`)
    expect(existsSync(join(work, 'data-4'))).toBe(false)
    // A mistyped DATA_DIR is named, and no empty backup is made.
    const none = step('backup', join(work, 'no-such-data'), join(work, 'b-none'))
    expect(none.code).toBe(1)
    expect(none.err).toContain('no-such-data holds no Spur data; is DATA_DIR right?')
    expect(existsSync(join(work, 'b-none'))).toBe(false)
  })

  test(
    'a data folder and a backup folder with spaces and umlauts back up and restore',
    { timeout: 180_000 },
    () => {
      const first = join(work, 'Daten Büro')
      const second = join(work, 'neue Daten')
      const backup = join(work, 'Sicherung März', '20. November')
      const made = step(
        'cli',
        first,
        'create-user',
        'jörg@example.com',
        '--password',
        'x'.repeat(12),
      )
      expect(made.err).toBe('')
      expect(made.out).toBe('Created user jörg@example.com.\n')

      const backedUp = step('backup', first, backup)
      expect(backedUp.err).toBe('')
      expect(backedUp.code).toBe(0)
      expect(readdirSync(backup).sort()).toEqual(['clickhouse', 'secret.key', 'spur-backup.json'])

      const restored = step('restore', second, backup)
      expect(restored.err).toBe('')
      expect(restored.code).toBe(0)
      const users = step('cli', second, 'list-users')
      expect(users.out).toBe('E-MAIL            ADMIN  2FA\njörg@example.com  no     off\n')
    },
  )

  test(
    'hits acknowledged but left in the spool by the last stop are in the backup',
    { timeout: 180_000 },
    () => {
      const first = join(work, 'data-crashed')
      const second = join(work, 'data-moved')
      const backup = join(work, 'backups', 'after-crash')
      const crashed = step('crash', first)
      expect(crashed.err).toBe('')
      expect(crashed.code).toBe(0)
      expect(readdirSync(join(first, 'spool')).filter((f) => f.endsWith('.spool'))).toHaveLength(1)

      const backedUp = step('backup', first, backup)
      expect(backedUp.err).toBe('')
      expect(backedUp.out).toMatch(
        /^Stored 150 hits the last stop left in .*spool first\.\nBacked up/,
      )
      expect(readdirSync(join(first, 'spool')).filter((f) => f.endsWith('.spool'))).toEqual([])
      const restored = step('restore', second, backup)
      expect(restored.err).toBe('')
      const after = JSON.parse(step('stats', second).out) as Array<{ body: { results: unknown } }>
      expect(after[0]?.body.results).toEqual([
        { metrics: [60, 60, 150, 25, 68, 150], dimensions: [] },
      ])
    },
  )

  test('lines the store refused, set aside in the spool, move with the backup', () => {
    const first = join(work, 'data-set-aside')
    const second = join(work, 'data-set-aside-restored')
    const backup = join(work, 'backups', 'with-set-aside')
    const made = step('cli', first, 'create-user', 'ops@example.com', '--password', 'y'.repeat(12))
    expect(made.code).toBe(0)
    // A file of lines as server/ingest/set-aside.ts leaves it; kept byte for byte.
    const name = '001795176000000-4242-000007.spool'
    const lines = '["a line the store could not read", "\u00e4"]\n'
    mkdirSync(join(first, 'spool', 'set-aside'), { recursive: true })
    writeFileSync(join(first, 'spool', 'set-aside', name), lines)

    expect(step('backup', first, backup).code).toBe(0)
    const restored = step('restore', second, backup)
    expect(restored.err).toBe('')
    expect(readFileSync(join(second, 'spool', 'set-aside', name), 'utf8')).toBe(lines)
  })
})
