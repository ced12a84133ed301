import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseSettings,
} from '@clickhouse/client'
import { createBackups } from './backups'
import {
  loadEngine,
  openEngineSession,
  openInsertSession,
  openReadSession,
  streamEmbedded,
} from './embedded'
import type { Params, Reader, Store } from './types'

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection']

export interface StoreOptions {
  /** Embedded store location; ignored when `url` is given. */
  dataDir: string
  url?: string | undefined
  user?: string
  password?: string
  database: string
  /** Embedded: where BACKUP may write (the engine's backups.allowed_path); default DATA_DIR/backups. */
  backupDir?: string | undefined
}

/** Thrown when another process holds the embedded store's data directory. */
export class StoreInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid?: number,
  ) {
    super(
      `The data directory ${dir} is in use by another Spur process${pid ? ` (pid ${pid})` : ''}. ` +
        'Stop that process, or start this one with another DATA_DIR. ' +
        'Admin commands can also go through the running server.',
    )
  }
}

/**
 * Opens the store: embedded ClickHouse (chDB) in `dataDir`/clickhouse, or a ClickHouse
 * server when `url` is set. Creates the database if it is missing.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  return options.url ? openServer(options) : openEmbedded(options)
}

async function openEmbedded(options: StoreOptions): Promise<Store> {
  const dir = join(options.dataDir, 'clickhouse')
  // DATA_DIR holds accounts and visits: only the owner reads it (when Spur creates it).
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  assertNotInUse(options.dataDir)
  let client: ClickHouseClient
  let engine: ReturnType<typeof openEngineSession>
  let inserts: ReturnType<typeof openInsertSession>
  await loadEngine()
  const { createChdbConnection } = await import('chdb/connection')
  const backupDir = options.backupDir ?? join(options.dataDir, 'backups')
  try {
    // Server options (backups) must be given by the first session on the path.
    engine = openEngineSession(dir, backupDir)
    // chdb types its Connection against @clickhouse/client-common, which the client now bundles
    // under its own name; the shapes are the same (chdb's parity suite runs the client on it).
    const connection = createChdbConnection({ path: dir }) as unknown as ClientConnection
    client = createClient({ connection })
    // The collector's batches go through a connection of their own, so they need not queue
    // behind the client's writes.
    inserts = openInsertSession(dir)
  } catch (error) {
    // chDB locks clickhouse/status; a second process fails to create its connection.
    if ((error as { code?: string }).code === 'CHDB_CONNECTION')
      throw new StoreInUseError(options.dataDir)
    throw error
  }
  writeFileSync(pidFile(options.dataDir), `${process.pid}\n`)
  // chDB runs every query in one engine session: USE and SET persist across queries.
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}` })
  await client.command({ query: `USE ${options.database}` })
  const reads = openReadSession(dir, options.database)
  const store = wrap('embedded', client, options.database, {
    query: (sql, params) => reads.query(sql, params),
    backupDir,
    stream: (_name, sql, params, format) =>
      streamEmbedded(dir, options.database, join(options.dataDir, 'tmp'), sql, params, format),
    insertJsonLines: async (table, lines, settings, shape) => {
      await inserts.insert({
        table: `${options.database}.${table}`,
        values: lines,
        format: shape.format,
        ...(shape.columns ? { columns: [...shape.columns] } : {}),
        settings,
      })
    },
  })
  return {
    ...store,
    async close() {
      await store.close()
      reads.close()
      inserts.close()
      engine.close()
      rmSync(pidFile(options.dataDir), { force: true })
    },
  }
}

const pidFile = (dataDir: string) => join(dataDir, 'spur.pid')

/** Fails fast, before chDB prints its own lock error, when a live process holds the directory. */
function assertNotInUse(dataDir: string) {
  let pid: number
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim())
  } catch {
    return
  }
  if (!Number.isInteger(pid) || pid === process.pid) return
  try {
    process.kill(pid, 0)
  } catch {
    return // a stale file from a process that is gone (e.g. killed); chDB's lock has the last word
  }
  throw new StoreInUseError(dataDir, pid)
}

async function openServer(options: StoreOptions): Promise<Store> {
  const common = {
    url: options.url,
    username: options.user ?? 'default',
    password: options.password ?? '',
    request_timeout: 60_000,
    // Failures are thrown and logged by Spur with their context; the client's own log would
    // print them a second time.
    log: { level: ClickHouseLogLevel.OFF },
  }
  const bootstrap = createClient(common)
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}` })
  } finally {
    await bootstrap.close()
  }
  return wrap('server', createClient({ ...common, database: options.database }), options.database)
}

/** Inserts JSON lines into a table with the given settings. */
type InsertLines = (
  table: string,
  lines: Buffer,
  settings: Record<string, string | number>,
  shape: LinesShape,
) => Promise<void>

interface LinesShape {
  format: 'JSONEachRow' | 'JSONCompactEachRow'
  columns: readonly string[] | undefined
}

function wrap(
  kind: Store['kind'],
  client: ClickHouseClient,
  database: string,
  embedded?: {
    backupDir: string
    query: (sql: string, params: Params) => Promise<unknown[]>
    stream: Reader['stream']
    insertJsonLines: InsertLines
  },
): Store {
  // Settings given with a statement stay set in chDB's session, so every write states all
  // of them, and writes run one at a time so two writes' settings never interleave.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }
  const writeSettings = (token?: string): ClickHouseSettings => ({
    async_insert: 0,
    wait_for_async_insert: 1,
    insert_deduplication_token: token ?? randomUUID(),
  })
  return {
    kind,
    reader: {
      async query<T>(name: string, sql: string, params: Params = {}) {
        try {
          if (embedded) return (await embedded.query(sql, params)) as T[]
          const result = await client.query({
            query: sql,
            query_params: params,
            format: 'JSONEachRow',
          })
          return await result.json<T>()
        } catch (error) {
          throw new QueryError(name, error)
        }
      },
      async stream(name, sql, params, format) {
        try {
          if (!/^[A-Za-z]+$/.test(format)) throw new Error(`Unknown output format ${format}`)
          if (embedded) return await embedded.stream(name, sql, params, format)
          // exec hands back the raw response body; query().stream() would parse it into rows.
          const result = await client.exec({
            query: `${sql}\nFORMAT ${format}`,
            query_params: params,
          })
          return result.stream
        } catch (error) {
          throw new QueryError(name, error)
        }
      },
    },
    writer: {
      insert: (table, rows, options = {}) =>
        rows.length === 0
          ? Promise.resolve()
          : serial(async () => {
              await client.insert({
                table,
                values: rows as object[],
                format: 'JSONEachRow',
                clickhouse_settings: writeSettings(options.dedupToken),
              })
            }),
      insertJsonLines: (table, lines, options = {}) => {
        if (lines.length === 0) return Promise.resolve()
        const settings = {
          async_insert: 0 as const,
          wait_for_async_insert: 1 as const,
          insert_deduplication_token: options.dedupToken ?? randomUUID(),
          // Half a character in a line (spooled by a version that did not mend it) is stored
          // as its escape text instead of refusing the file, which would hold every later one.
          input_format_json_throw_on_bad_escape_sequence: 0 as const,
        }
        const shape = { format: options.format ?? 'JSONEachRow', columns: options.columns } as const
        if (embedded) return embedded.insertJsonLines(table, lines, settings, shape)
        return serial(async () => {
          // A stream of bytes is sent as it is; an array would be encoded row by row.
          await client.insert({
            table,
            values: Readable.from([lines]),
            format: shape.format,
            ...(shape.columns ? { columns: [...shape.columns] as [string, ...string[]] } : {}),
            clickhouse_settings: settings,
          })
        })
      },
      command: (sql, params = {}) =>
        serial(async () => {
          await client.command({
            query: sql,
            query_params: params,
            clickhouse_settings: writeSettings(),
          })
        }),
    },
    // BACKUP and RESTORE set no settings, so they need not wait behind queued writes.
    backups: createBackups(
      async (sql, params) => {
        await client.command({ query: sql, query_params: params })
      },
      database,
      embedded?.backupDir,
    ),
    async ping() {
      try {
        return (await client.ping()).success
      } catch {
        return false
      }
    },
    close: () => serial(() => client.close()),
  }
}

/** A failed named query; the message names the query and keeps ClickHouse's reason. */
export class QueryError extends Error {
  constructor(
    readonly queryName: string,
    cause: unknown,
  ) {
    super(`Query ${queryName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    })
  }
}
