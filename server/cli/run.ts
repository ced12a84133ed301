import type { Config } from '../config'
import { loadSecretKey } from '../secret'
import { migrate, openStore, StoreInUseError } from '../store'
import { parseArgs, USAGE, VALUE_FLAGS, type Args } from './args'
import { runBackupCommand } from './backup'
import {
  createUserCommand,
  listSitesCommand,
  listUsersCommand,
  resetPasswordCommand,
  resetTwoFactorCommand,
  type CliResult,
} from './commands'

const COMMANDS = {
  'create-user': createUserCommand,
  'reset-password': resetPasswordCommand,
  'reset-2fa': resetTwoFactorCommand,
  'list-sites': listSitesCommand,
  'list-users': listUsersCommand,
} as const

type CommandName = keyof typeof COMMANDS | 'backup' | 'restore'

const OPTIONS: Record<CommandName, readonly string[]> = {
  'create-user': ['admin', 'name', 'password'],
  'reset-password': ['password'],
  'reset-2fa': [],
  'list-sites': [],
  'list-users': [],
  backup: [],
  restore: [],
}

/** How many positional arguments each command takes (the e-mail address, the directory). */
const ARGUMENTS: Record<CommandName, number> = {
  'create-user': 1,
  'reset-password': 1,
  'reset-2fa': 1,
  'list-sites': 0,
  'list-users': 0,
  backup: 1,
  restore: 1,
}

/** A mistyped or unquoted command line, named; undefined when it is one the command takes. */
function checkArgs(name: CommandName, args: Args): CliResult | undefined {
  // A mistyped option (--admn) must not quietly make an ordinary account.
  const unknown = [...args.flags.keys()].find((flag) => !OPTIONS[name].includes(flag))
  if (unknown !== undefined)
    return { code: 1, out: [`Unknown option --${unknown} for ${name}.`, '', USAGE] }
  const bare = [...VALUE_FLAGS].find((flag) => args.flags.get(flag) === true)
  if (bare !== undefined) return { code: 1, out: [`--${bare} needs a value`] }
  // `--name Ada Lovelace` without quotes must not store "Ada" and drop the rest.
  const extra = args.positional[ARGUMENTS[name]]
  if (extra !== undefined)
    return { code: 1, out: [`Unexpected argument ${extra} for ${name}.`, '', USAGE] }
  return undefined
}

/**
 * Runs one admin command against the store the server uses. With the embedded store the data
 * directory can be open in one process only; while the server runs, the command says so
 * and how to go on, and changes nothing.
 */
export async function runCli(argv: string[], config: Config, now = Date.now): Promise<CliResult> {
  const args = parseArgs(argv)
  if (!args.command || args.command === 'help' || args.flags.has('help'))
    return { code: args.command ? 0 : 1, out: [USAGE] }
  if (!(args.command in OPTIONS))
    return { code: 1, out: [`Unknown command ${args.command}.`, '', USAGE] }
  const name = args.command as CommandName
  const refused = checkArgs(name, args)
  if (refused) return refused
  if (name === 'backup' || name === 'restore')
    return runBackupCommand(name, args.positional, config)
  const command = COMMANDS[name]
  let store
  try {
    store = await openStore({
      dataDir: config.dataDir,
      url: config.CLICKHOUSE_URL,
      user: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
    })
  } catch (error) {
    if (error instanceof StoreInUseError) return { code: 2, out: serverRunning(error) }
    throw error
  }
  try {
    await migrate(store)
    return await command({ store, now, secretKey: loadSecretKey(config) }, args)
  } finally {
    await store.close()
  }
}

function serverRunning(error: StoreInUseError): string[] {
  return [
    `The Spur server is running${error.pid ? ` (pid ${error.pid})` : ''} and holds the data directory ${error.dir}.`,
    'The embedded database can be opened by one process only, so nothing was changed.',
    'Either do this in the dashboard (Admin → Users: reset password, reset 2FA, invite),',
    'or stop the server, run the command again, and start the server afterwards.',
  ]
}
