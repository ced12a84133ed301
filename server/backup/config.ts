import { resolve } from 'node:path'
import { z } from 'zod'
import type { BackupSchedule } from './schedule'

const schema = z.object({
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) to 365')
    .max(365, 'must be 0 (off) to 365')
    .default(0),
  BACKUP_HOUR: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 to 23')
    .max(23, 'must be 0 to 23')
    .default(3),
})

/**
 * Scheduled backups from the environment: BACKUP_DIR (default DATA_DIR/backups), BACKUP_KEEP
 * (daily backups kept; 0, the default, means no schedule) and BACKUP_HOUR (UTC, default 3).
 * The embedded store must be opened with the same directory as its backupDir.
 */
export function parseBackupSchedule(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): { ok: true; value: BackupSchedule } | { ok: false; error: string } {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = schema.safeParse(set)
  if (!parsed.success)
    return {
      ok: false,
      error: `Invalid configuration:\n${parsed.error.issues
        .map((i) => `  ${i.path.join('.')}: ${i.message}`)
        .join('\n')}`,
    }
  const v = parsed.data
  return {
    ok: true,
    value: {
      dir: resolve(dataDir, v.BACKUP_DIR ?? 'backups'),
      keep: v.BACKUP_KEEP,
      hour: v.BACKUP_HOUR,
    },
  }
}
