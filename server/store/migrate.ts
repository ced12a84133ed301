import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Store } from './types'

/** The folder of numbered DDL files; the same runner serves start-up and the tests. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../sql', import.meta.url))

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly statement: number,
    cause: unknown,
  ) {
    super(
      `Migration ${file} failed at statement ${statement}: ` +
        `${cause instanceof Error ? cause.message : String(cause)}\n` +
        'Nothing after it was applied and the data already stored is untouched. ' +
        'Fix the file and start again.',
      { cause },
    )
  }
}

export interface MigrationReport {
  applied: string[]
  changedSinceApplied: string[]
}

/** Splits a DDL file into statements at semicolons that end a line, ignoring -- comments. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * Applies every numbered file in `dir` (NNNN_name.sql) not yet recorded in schema_migrations,
 * in order. A file is recorded only after all its statements succeeded; statements are written
 * to be idempotent (IF NOT EXISTS), so a fixed file runs again safely.
 */
export async function migrate(store: Store, dir = defaultMigrationsDir): Promise<MigrationReport> {
  await store.writer.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations
     (name String, checksum String, applied_at DateTime64(3, 'UTC'))
     ENGINE = MergeTree ORDER BY name`,
  )
  const done = new Map(
    (
      await store.reader.query<{ name: string; checksum: string }>(
        'getAppliedMigrations',
        'SELECT name, any(checksum) AS checksum FROM schema_migrations GROUP BY name',
      )
    ).map((r) => [r.name, r.checksum]),
  )
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
  const report: MigrationReport = { applied: [], changedSinceApplied: [] }
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8')
    const checksum = createHash('sha256').update(text).digest('hex')
    const previous = done.get(file)
    if (previous !== undefined) {
      if (previous !== checksum) report.changedSinceApplied.push(file)
      continue
    }
    const statements = splitStatements(text)
    for (const [index, statement] of statements.entries()) {
      try {
        await store.writer.command(statement)
      } catch (error) {
        throw new MigrationError(`sql/${file}`, index + 1, error)
      }
    }
    await store.writer.insert('schema_migrations', [
      { name: file, checksum, applied_at: Date.now() },
    ])
    report.applied.push(file)
  }
  return report
}
