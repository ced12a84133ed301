import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../../../server/cli/run'
import { parseArgs } from '../../../server/cli/args'
import { parseConfig, type Config } from '../../../server/config'
import { verifyPassword } from '../../../server/accounts/passwords'

// The CLI opens and closes the embedded store itself, once per command, in this process.
let dataDir: string
let config: Config
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'spur-cli-'))
  const parsed = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, dataDir)
  if (!parsed.ok) throw new Error(parsed.error)
  config = parsed.value
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('parseArgs', () => {
  test.each([
    [['create-user', 'a@b.de', '--admin'], 'create-user', ['a@b.de'], [['admin', true]]],
    [
      ['create-user', 'a@b.de', '--name', 'Ada L', '--admin'],
      'create-user',
      ['a@b.de'],
      [
        ['name', 'Ada L'],
        ['admin', true],
      ],
    ],
    [
      ['reset-password', 'a@b.de', '--password=x y z'],
      'reset-password',
      ['a@b.de'],
      [['password', 'x y z']],
    ],
  ])('%j', (argv, command, positional, flags) => {
    const args = parseArgs(argv)
    expect([args.command, args.positional, [...args.flags]]).toEqual([command, positional, flags])
  })
})

describe('commands on a stopped server', () => {
  test('create-user, list-users, reset-password, reset-2fa, list-sites', async () => {
    const created = await runCli(
      ['create-user', 'ops@example.com', '--admin', '--password', 'ops password 1'],
      config,
    )
    expect(created).toEqual({ code: 0, out: ['Created instance admin ops@example.com.'] })

    const generated = await runCli(['create-user', 'viewer@example.com'], config)
    expect(generated.code).toBe(0)
    expect(generated.out[0]).toBe('Created user viewer@example.com.')
    expect(generated.out[1]).toMatch(/^Password: [\w-]{20}$/)

    expect(await runCli(['create-user', 'ops@example.com'], config)).toEqual({
      code: 1,
      out: ['An account for ops@example.com exists already'],
    })
    expect(await runCli(['create-user', 'x@example.com', '--password', 'short'], config)).toEqual({
      code: 1,
      out: ['Password must be at least 10 characters'],
    })
    expect(await runCli(['list-users'], config)).toEqual({
      code: 0,
      out: [
        'E-MAIL              ADMIN  2FA',
        'ops@example.com     yes    off',
        'viewer@example.com  no     off',
      ],
    })

    const reset = await runCli(
      ['reset-password', 'ops@example.com', '--password', 'another password'],
      config,
    )
    expect(reset).toEqual({
      code: 0,
      out: ['New password set for ops@example.com; 0 session(s) ended.'],
    })
    expect(await runCli(['reset-password', 'nobody@example.com'], config)).toEqual({
      code: 1,
      out: ['No account for nobody@example.com'],
    })
    expect(await runCli(['reset-2fa', 'ops@example.com'], config)).toEqual({
      code: 0,
      out: ['ops@example.com has no two-factor authentication.'],
    })
    expect(await runCli(['list-sites'], config)).toEqual({ code: 0, out: ['No sites yet.'] })
    expect((await runCli(['frobnicate'], config)).out[0]).toBe('Unknown command frobnicate.')
  })

  test('the new password is the one stored', async () => {
    // Read back through the store by opening it once more.
    const { openStore } = await import('../../../server/store')
    const { getUserByEmail } = await import('../../../server/accounts/users')
    const store = await openStore({ dataDir, database: 'spur' })
    try {
      const user = await getUserByEmail(store, 'ops@example.com')
      expect(await verifyPassword('another password', user?.passwordHash ?? '')).toBe(true)
    } finally {
      await store.close()
    }
  })
})

describe('a mistyped option', () => {
  test.each([
    [['create-user', 'typo@example.com', '--admn'], 'Unknown option --admn for create-user.'],
    [['reset-2fa', 'ops@example.com', '--password=x'], 'Unknown option --password for reset-2fa.'],
    // An unquoted name must not become "Ada" with "Lovelace" dropped.
    [
      ['create-user', 'typo@example.com', '--name', 'Ada', 'Lovelace'],
      'Unexpected argument Lovelace for create-user.',
    ],
    [['create-user', 'typo@example.com', '--name', '--admin'], '--name needs a value'],
    [['list-users', 'typo@example.com'], 'Unexpected argument typo@example.com for list-users.'],
    [['create-user', 'typo@example.com', '--name'], '--name needs a value'],
  ])('%j is refused and changes nothing', async (argv, message) => {
    const result = await runCli(argv, config)
    expect(result.code).toBe(1)
    expect(result.out[0]).toBe(message)
    expect((await runCli(['list-users'], config)).out.join('\n')).not.toContain('typo@')
  })
})

describe('a mistyped option to backup or restore', () => {
  test.each([
    [['backup', 'b-force', '--force'], 'Unknown option --force for backup.'],
    [['restore', '--dry-run', 'b-force'], 'Unknown option --dry-run for restore.'],
  ])('%j is refused and nothing is written', async (argv, message) => {
    const result = await runCli(
      argv.map((a) => (a === 'b-force' ? join(dataDir, a) : a)),
      config,
    )
    expect(result.code).toBe(1)
    expect(result.out[0]).toBe(message)
    expect(existsSync(join(dataDir, 'b-force'))).toBe(false)
  })
})

describe('while the server is running', () => {
  test('says clearly that the server holds the data directory, and changes nothing', async () => {
    const busyDir = mkdtempSync(join(tmpdir(), 'spur-cli-busy-'))
    try {
      // A live process (this test's parent) recorded as the server holding the directory.
      writeFileSync(join(busyDir, 'spur.pid'), `${process.ppid}\n`)
      const parsed = parseConfig({ DATA_DIR: busyDir }, busyDir)
      if (!parsed.ok) throw new Error(parsed.error)
      const result = await runCli(['reset-2fa', 'ops@example.com'], parsed.value)
      expect(result).toEqual({
        code: 2,
        out: [
          `The Spur server is running (pid ${process.ppid}) and holds the data directory ${busyDir}.`,
          'The embedded database can be opened by one process only, so nothing was changed.',
          'Either do this in the dashboard (Admin → Users: reset password, reset 2FA, invite),',
          'or stop the server, run the command again, and start the server afterwards.',
        ],
      })
    } finally {
      rmSync(busyDir, { recursive: true, force: true })
    }
  })
})
