import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../log'
import { oneAtATime } from '../one-at-a-time'
import { startPeriodicJob } from '../periodic'
import type { Store } from '../store'
import { BackupError, createBackup, MANIFEST, readManifest, type BackupManifest } from './backup'

const NAME = /^spur-(\d{8}-\d{6})$/

/** The folder name of a backup made at `now`: spur-YYYYMMDD-HHMMSS (UTC), sortable by time. */
export function backupName(now: number): string {
  const iso = new Date(now).toISOString()
  return `spur-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`
}

export interface ListedBackup {
  name: string
  path: string
  manifest: BackupManifest
}

/** The complete backups in `dir` (those with a readable manifest), newest first. */
export function listBackups(dir: string): ListedBackup[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((n) => NAME.test(n) && existsSync(join(dir, n, MANIFEST)))
    .sort()
    .reverse()
    .flatMap((name) => {
      try {
        return [{ name, path: join(dir, name), manifest: readManifest(join(dir, name)) }]
      } catch {
        return []
      }
    })
}

/**
 * Makes one backup into `dir`/spur-…, then removes all but the `keep` newest. Backups run one
 * at a time (the daily one and "back up now" alike), so two never write into one directory.
 */
export function backupNow(
  deps: { store: Store; dataDir: string; now: () => number },
  dir: string,
  keep: number,
): Promise<ListedBackup> {
  return oneAtATime(`backup:${dir}`, async () => {
    const name = backupName(deps.now())
    const path = join(dir, name)
    if (existsSync(path)) throw new BackupError(`A backup named ${name} exists already`)
    const manifest = await createBackup(deps.store, deps.dataDir, path, deps.now(), {
      exact: false,
    })
    for (const old of listBackups(dir).slice(Math.max(1, keep)))
      rmSync(old.path, { recursive: true, force: true })
    // Folders of backups that never finished (the process stopped halfway) hold no backup.
    const complete = new Set(listBackups(dir).map((b) => b.name))
    for (const left of readdirSync(dir))
      if (NAME.test(left) && !complete.has(left))
        rmSync(join(dir, left), { recursive: true, force: true })
    return { name, path, manifest }
  })
}

export interface BackupSchedule {
  dir: string
  /** How many daily backups to keep; 0 switches the schedule off. */
  keep: number
  /** Hour of the day (UTC) from which the day's backup is made. */
  hour: number
}

/**
 * One look of the daily schedule: makes today's backup (UTC) if `hour` has come and there is
 * none yet, pruning to `keep`. Returns the backup made, if any.
 */
export async function runDueBackup(
  deps: { store: Store; dataDir: string; now: () => number },
  schedule: BackupSchedule,
): Promise<ListedBackup | undefined> {
  const today = backupName(deps.now()).slice(0, 13)
  if (schedule.keep <= 0 || new Date(deps.now()).getUTCHours() < schedule.hour) return undefined
  if (listBackups(schedule.dir).some((b) => b.name.startsWith(today))) return undefined
  return backupNow(deps, schedule.dir, schedule.keep)
}

/**
 * Daily backups: every ten minutes, runDueBackup. The embedded store must have been opened
 * with `backupDir: schedule.dir`, the one directory its engine may write backups to.
 * Returns a function that stops it.
 */
export function startBackupSchedule(
  deps: { store: Store; dataDir: string; now: () => number; log: Logger },
  schedule: BackupSchedule,
): () => void {
  // On a ClickHouse server, File() paths are the server's; its own backup setup applies.
  if (schedule.keep <= 0 || deps.store.backups.allowedDir === undefined) return () => undefined
  return startPeriodicJob({
    firstMs: 60_000,
    everyMs: 10 * 60_000,
    job: async () => {
      const b = await runDueBackup(deps, schedule)
      if (b) deps.log.info({ backup: b.path }, 'backup: daily backup made')
    },
    onError: (error) => deps.log.error({ err: String(error) }, 'backup: daily backup failed'),
  })
}
