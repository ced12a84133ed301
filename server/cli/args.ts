/** A parsed command line: the command, its positional arguments and --flags. */
export interface Args {
  command: string | undefined
  positional: string[]
  flags: Map<string, string | true>
}

/** Splits `create-user a@b.c --admin --name "Ada L"` (also `--name=Ada`). */
export function parseArgs(argv: string[]): Args {
  const positional: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? ''
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1))
      continue
    }
    const next = argv[i + 1]
    if (next !== undefined && !next.startsWith('--') && VALUE_FLAGS.has(arg.slice(2))) {
      flags.set(arg.slice(2), next)
      i += 1
    } else flags.set(arg.slice(2), true)
  }
  const [command, ...rest] = positional
  return { command, positional: rest, flags }
}

/** Options that take a value (`--name Ada`, `--name=Ada`). */
export const VALUE_FLAGS = new Set(['name', 'password'])

export const USAGE = `Usage: npm run spur -- <command> [options]

Commands:
  create-user <email> [--admin] [--name <name>] [--password <password>]
      Creates an account. Without --password a strong one is generated and printed.
  reset-password <email> [--password <password>]
      Sets a new password and ends the account's sessions.
  reset-2fa <email>
      Turns two-factor authentication off for an account that lost its device.
  list-users
  list-sites
  backup <dir>
      Backs up the whole database (ClickHouse BACKUP) and the secret key into a new directory.
  restore <dir>
      Restores such a backup into an empty DATA_DIR and checks every table's row count.

Reads the same configuration as the server (environment and .env). With the embedded
store, stop the server first: only one process can open DATA_DIR.`
