import { parseBackupSchedule } from '../backup/config'
import { startBackupSchedule } from '../backup/schedule'
import type { Logger } from '../log'
import type { Store } from '../store'
import { startRetentionWorker } from './schedule'

/**
 * The directory the embedded store must be opened with (`openStore({ backupDir })`), so the
 * daily backups can be written there: BACKUP_DIR, default DATA_DIR/backups. Throws with
 * the variable's name when the backup settings are invalid.
 */
export function getBackupDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const schedule = parseBackupSchedule(env, dataDir)
  if (!schedule.ok) throw new Error(schedule.error)
  return schedule.value.dir
}

/**
 * Starts the data-lifecycle background work of a running server: retention enforcement
 * (every six hours) and, with BACKUP_KEEP > 0, the daily backups. Returns a function that
 * stops both.
 */
export function startPrivacyJobs(
  deps: { store: Store; now: () => number; log: Logger; dataDir: string },
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  const schedule = parseBackupSchedule(env, deps.dataDir)
  if (!schedule.ok) throw new Error(schedule.error)
  const stopRetention = startRetentionWorker(deps)
  const stopBackups = startBackupSchedule(deps, schedule.value)
  if (schedule.value.keep > 0)
    deps.log.info(
      { dir: schedule.value.dir, keep: schedule.value.keep, hourUtc: schedule.value.hour },
      'backup: daily backups on',
    )
  return () => {
    stopRetention()
    stopBackups()
  }
}
