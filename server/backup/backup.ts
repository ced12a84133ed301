import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { z } from 'zod'
import type { Store } from '../store'

/** Written next to the database backup; restore checks the restored tables against it. */
const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.number(),
  database: z.string(),
  tables: z.array(z.object({ name: z.string(), rows: z.number() })),
  /** True when nothing wrote during the backup (the CLI), so the counts are exact. */
  exact: z.boolean(),
  secretKey: z.boolean(),
})
export type BackupManifest = z.output<typeof manifestSchema>

export const MANIFEST = 'spur-backup.json'

/** Spooled lines the store refused for their content (server/ingest/set-aside.ts). */
const SET_ASIDE = join('spool', 'set-aside')

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

/**
 * Backs up the whole database with ClickHouse's BACKUP into `target`/clickhouse, plus
 * DATA_DIR/secret.key (the key of keyed hashes and signatures, so shared links and API keys
 * keep working after a restore), the lines set aside in DATA_DIR/spool/set-aside and a
 * manifest with every table's row count.
 */
export async function createBackup(
  store: Store,
  dataDir: string,
  target: string,
  now: number,
  options: { exact: boolean },
): Promise<BackupManifest> {
  const dir = resolve(target)
  assertInside(store, dir)
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new BackupError(`${dir} is not empty; back up into a new or empty directory`)
  const tables = await countRows(store)
  if (tables.length === 0)
    throw new BackupError(`Nothing to back up: the database of ${dataDir} has no tables`)
  // A backup holds e-mail addresses, password hashes and the secret key: only the owner reads it.
  const made = !existsSync(dir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    await store.backups.backupDatabase(join(dir, 'clickhouse'))
    const key = join(dataDir, 'secret.key')
    const secretKey = existsSync(key)
    if (secretKey) copyFileSync(key, join(dir, 'secret.key'))
    // Hits the store refused are kept for a later version that can read them; they move along.
    const setAside = join(dataDir, SET_ASIDE)
    if (existsSync(setAside) && readdirSync(setAside).length > 0)
      cpSync(setAside, join(dir, SET_ASIDE), { recursive: true })
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now,
      database: await currentDatabase(store),
      tables,
      exact: options.exact,
      secretKey,
    }
    // The manifest comes last: a folder without one is not a backup (see listBackups).
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 })
    return manifest
  } catch (error) {
    // A half-written copy (a full disk, say) is no backup; it would only take up the space.
    if (made) rmSync(dir, { recursive: true, force: true })
    else
      for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true })
    throw error
  }
}

/** Reads and checks a backup's manifest. */
export function readManifest(source: string): BackupManifest {
  const file = join(resolve(source), MANIFEST)
  if (!existsSync(file)) throw new BackupError(`${source} is not a Spur backup (no ${MANIFEST})`)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new BackupError(`${file} is damaged: ${error instanceof Error ? error.message : ''}`)
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) throw new BackupError(`${file} is damaged: ${parsed.error.message}`)
  return parsed.data
}

/**
 * Restores a backup made by createBackup into a store whose database has no tables yet
 * (a fresh DATA_DIR), then checks that every table holds the row count the manifest names.
 */
export async function restoreBackup(
  store: Store,
  dataDir: string,
  source: string,
): Promise<BackupManifest> {
  const dir = resolve(source)
  const manifest = readManifest(dir)
  assertInside(store, dir)
  const existing = await countRows(store)
  if (existing.length > 0)
    throw new BackupError(
      `The database already has ${existing.length} tables; restore into an empty DATA_DIR ` +
        '(move the current one aside first)',
    )
  const keyFrom = join(dir, 'secret.key')
  const keyTo = join(dataDir, 'secret.key')
  if (manifest.secretKey && existsSync(keyTo) && !readFileSync(keyTo).equals(readFileSync(keyFrom)))
    throw new BackupError(`${keyTo} differs from the backup's key; restore into an empty DATA_DIR`)
  await store.backups.restoreDatabase(join(dir, 'clickhouse'))
  if (manifest.secretKey && !existsSync(keyTo)) {
    mkdirSync(dataDir, { recursive: true })
    copyFileSync(keyFrom, keyTo)
  }
  if (existsSync(join(dir, SET_ASIDE)))
    cpSync(join(dir, SET_ASIDE), join(dataDir, SET_ASIDE), { recursive: true, force: false })
  const restored = new Map((await countRows(store)).map((t) => [t.name, t.rows]))
  // Counts taken while the server kept writing are close, not exact: only exact ones must match.
  const wrong = manifest.tables.filter((t) => restored.get(t.name) !== t.rows)
  if (manifest.exact && wrong.length > 0)
    throw new BackupError(
      `Restored tables differ from the backup: ${wrong
        .map((t) => `${t.name} has ${restored.get(t.name) ?? 'no'} rows, expected ${t.rows}`)
        .join('; ')}`,
    )
  return manifest
}

function assertInside(store: Store, dir: string) {
  const allowed = store.backups.allowedDir
  if (allowed === undefined) return
  const rel = relative(resolve(allowed), dir)
  if (rel.startsWith('..') || resolve(allowed, rel) !== dir)
    throw new BackupError(`${dir} is outside ${allowed}, the directory this store may back up to`)
}

async function currentDatabase(store: Store): Promise<string> {
  const [row] = await store.reader.query<{ db: string }>(
    'getCurrentDatabase',
    'SELECT currentDatabase() AS db',
  )
  return row?.db ?? ''
}

async function countRows(store: Store) {
  const rows = await store.reader.query<{ name: string; rows: string | number }>(
    'countTableRows',
    `SELECT name, total_rows AS rows FROM system.tables
     WHERE database = currentDatabase() AND total_rows IS NOT NULL ORDER BY name`,
  )
  return rows.map((r) => ({ name: r.name, rows: Number(r.rows) }))
}
