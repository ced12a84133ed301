import { prepareFirstRun, type SetupState } from './accounts/setup'
import type { Config } from './config'
import type { Deps } from './http/deps'
import type { Logger } from './log'
import { loadSecretKey } from './secret'
import { migrate, openStore } from './store'

export interface Services {
  deps: Deps
  setup: SetupState
  /** Stops background work, drains what was acknowledged, closes the store. */
  close(): Promise<void>
}

/**
 * Opens the store, applies migrations and starts the background services. Used by
 * server/main.ts and by the tests, so both run the same start-up.
 */
export async function startServices(
  config: Config,
  log: Logger,
  now: () => number,
  options: { migrationsDir?: string } = {},
): Promise<Services> {
  const store = await openStore({
    dataDir: config.dataDir,
    url: config.CLICKHOUSE_URL,
    user: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
  })
  try {
    const report = await migrate(store, options.migrationsDir)
    if (report.applied.length > 0) log.info({ applied: report.applied }, 'applied migrations')
    for (const file of report.changedSinceApplied)
      log.warn(
        { file },
        'a migration file changed after it was applied; the change is not applied again',
      )
    const secretKey = loadSecretKey(config)
    const deps: Deps = { config, store, log, now, secretKey }
    const setup = await prepareFirstRun(store, config, log, now())
    return {
      deps,
      setup,
      async close() {
        await store.close()
      },
    }
  } catch (error) {
    await store.close()
    throw error
  }
}
