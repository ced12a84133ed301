import { prepareFirstRun, type SetupState } from './accounts/setup'
import type { Config } from './config'
import { startDeletionWorker } from './deletion'
import type { Deps } from './http/deps'
import { startIngest } from './ingest/ingest'
import { ingestOptionsFromEnv } from './ingest/options'
import type { Logger } from './log'
import { getBackupDir, startPrivacyJobs } from './privacy/jobs'
import { loadSecretKey } from './secret'
import { resolveSegment } from './segments/resolve'
import { startSealWorker } from './stats/seal-worker'
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
    backupDir: getBackupDir(config.dataDir, config.env),
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
    // Replays the spool left by an earlier run and restores open visits before hits arrive.
    const ingest = await startIngest({
      store,
      log,
      now,
      options: ingestOptionsFromEnv(config.dataDir, config.env),
      resolveSegment,
    })
    const deps: Deps = { config, store, log, now, secretKey, ingest }
    const setup = await prepareFirstRun(store, config, log, now())
    const stopDeletions = startDeletionWorker(deps)
    const stopPrivacy = startPrivacyJobs({ store, now, log, dataDir: config.dataDir }, config.env)
    const stopSealing = startSealWorker({ store, now, log })
    return {
      deps,
      setup,
      async close() {
        stopDeletions()
        stopPrivacy()
        stopSealing()
        // Acknowledged hits reach the store (or stay spooled for the next start) before it closes.
        await ingest.close()
        await store.close()
      },
    }
  } catch (error) {
    await store.close()
    throw error
  }
}
