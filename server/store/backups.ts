import { isAbsolute, normalize } from 'node:path'
import type { Backups } from './types'

/** A path that can sit inside File('…') without escaping: absolute, plain characters only. */
export function assertBackupPath(path: string): string {
  const clean = normalize(path)
  if (!isAbsolute(clean) || !/^[A-Za-z0-9._\-/]+$/.test(clean))
    throw new Error(
      `Backup path ${path} must be absolute and use only letters, digits, '.', '_', '-' and '/'`,
    )
  return clean
}

/**
 * BACKUP/RESTORE through a statement runner. The path is a literal (ClickHouse takes no
 * query parameter there), so it is checked against a plain-character allow-list first; the
 * database name comes from configuration, which allows identifiers only.
 */
export function createBackups(
  run: (sql: string) => Promise<void>,
  database: string,
  allowedDir: string | undefined,
): Backups {
  return {
    allowedDir,
    async backupDatabase(target) {
      await run(`BACKUP DATABASE ${database} TO File('${assertBackupPath(target)}')`)
    },
    async restoreDatabase(source) {
      await run(`RESTORE DATABASE ${database} FROM File('${assertBackupPath(source)}')`)
    },
  }
}
