import { isAbsolute, normalize } from 'node:path'
import type { Backups, Params } from './types'

/** A path for File(…): absolute, so it never depends on the engine's working directory. */
export function assertBackupPath(path: string): string {
  const clean = normalize(path)
  if (!isAbsolute(clean)) throw new Error(`Backup path ${path} must be absolute`)
  return clean
}

/**
 * BACKUP/RESTORE through a statement runner. The path is a typed query parameter, so any
 * folder name (spaces, umlauts, quotes) is taken as it is; the database name comes from
 * configuration, which allows identifiers only.
 */
export function createBackups(
  run: (sql: string, params: Params) => Promise<void>,
  database: string,
  allowedDir: string | undefined,
): Backups {
  return {
    allowedDir,
    async backupDatabase(target) {
      await run(`BACKUP DATABASE ${database} TO File({path:String})`, {
        path: assertBackupPath(target),
      })
    },
    async restoreDatabase(source) {
      await run(`RESTORE DATABASE ${database} FROM File({path:String})`, {
        path: assertBackupPath(source),
      })
    },
  }
}
