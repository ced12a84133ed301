import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { BackupError, createBackup, readManifest, restoreBackup } from '../backup/backup'
import type { Config } from '../config'
import { startIngest } from '../ingest/ingest'
import { ingestOptionsFromEnv } from '../ingest/options'
import { createLogger } from '../log'
import { resolveSegment } from '../segments/resolve'
import { migrate, openStore, StoreInUseError, type Store } from '../store'

// As long as a start may take to store a spool of SPOOL_MAX_MB (1 GB by default).
const SPOOL_TIMEOUT_MS = 30 * 60_000
import type { CliResult } from './commands'

/**
 * `backup <dir>`: ClickHouse BACKUP of the whole database, the secret key and a manifest
 * into a new or empty <dir>. `restore <dir>`: the reverse, into an empty DATA_DIR, checked
 * table by table against the manifest. The store is opened here rather than by the command
 * runner because the embedded engine must be told at start where it may write backups.
 */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  positional: string[],
  config: Config,
): Promise<CliResult> {
  const [target, ...rest] = positional
  if (!target || rest.length > 0) return { code: 1, out: [`Give one directory: ${command} <dir>`] }
  const dir = resolve(target)
  // A mistyped backup folder is named before the store is opened, which would create it
  // (the engine's backup path) and an empty DATA_DIR.
  if (command === 'restore')
    try {
      readManifest(dir)
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      return { code: 1, out: [error.message] }
    }
  if (
    command === 'backup' &&
    !config.CLICKHOUSE_URL &&
    !existsSync(join(config.dataDir, 'clickhouse'))
  )
    return { code: 1, out: [`${config.dataDir} holds no Spur data; is DATA_DIR right?`] }
  let store
  try {
    store = await openStore({
      dataDir: config.dataDir,
      url: config.CLICKHOUSE_URL,
      user: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
      backupDir: dir,
    })
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error
    return {
      code: 2,
      out: [
        error.message,
        command === 'backup'
          ? 'Stop the server for the backup, or let it back up daily by itself (BACKUP_KEEP), or use Back up now (POST /api/privacy/backups).'
          : 'Stop the server and restore into an empty DATA_DIR.',
      ],
    }
  }
  try {
    const started = Date.now()
    const stored = command === 'backup' ? await storeSpooledHits(store, config) : []
    const manifest =
      command === 'backup'
        ? await createBackup(store, config.dataDir, dir, Date.now(), { exact: true })
        : await restoreBackup(store, config.dataDir, dir)
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0)
    const took = Date.now() - started
    return {
      code: 0,
      out: [
        ...stored,
        command === 'backup'
          ? `Backed up ${manifest.tables.length} tables (${rows} rows) of ${config.dataDir} to ${dir} in ${took} ms.`
          : `Restored ${manifest.tables.length} tables (${rows} rows) from ${dir} into ${config.dataDir} in ${took} ms.`,
      ],
    }
  } catch (error) {
    if (!(error instanceof BackupError)) throw error
    return { code: 1, out: [error.message] }
  } finally {
    await store.close()
  }
}

/**
 * Hits acknowledged before the last stop but not yet stored (its drain timed out, or it
 * crashed) wait in DATA_DIR/spool for the next start. A backup taken now would not hold them,
 * and a restore elsewhere would lose them: store them first, as a start would.
 */
async function storeSpooledHits(store: Store, config: Config): Promise<string[]> {
  const spoolDir = join(config.dataDir, 'spool')
  if (!existsSync(spoolDir) || !readdirSync(spoolDir).some((f) => f.endsWith('.spool'))) return []
  await migrate(store)
  const ingest = await startIngest({
    store,
    log: createLogger('silent'),
    now: Date.now,
    options: ingestOptionsFromEnv(config.dataDir, config.env),
    resolveSegment,
  })
  try {
    await ingest.flush(SPOOL_TIMEOUT_MS)
  } catch (error) {
    throw new BackupError(
      `${spoolDir} holds hits that are not stored yet, and storing them failed ` +
        `(${error instanceof Error ? error.message : String(error)}); nothing was backed up. ` +
        'Start the server once so it stores them, stop it, and back up again.',
    )
  } finally {
    await ingest.close()
  }
  const { eventsWritten, linesSetAside } = ingest.metrics
  return [
    `Stored ${eventsWritten} hits the last stop left in ${spoolDir} first.`,
    ...(linesSetAside > 0
      ? [`${linesSetAside} of them could not be read and were set aside in ${spoolDir}/set-aside.`]
      : []),
  ]
}
