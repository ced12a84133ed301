/** Query parameters: every value that reaches SQL goes through here, typed in the SQL text as {name:Type}. */
export type Params = Record<string, unknown>

/** The read door: named queries that return rows as objects. */
export interface Reader {
  /** Runs one read query; `name` identifies it in logs and errors. */
  query<T = Record<string, unknown>>(name: string, sql: string, params?: Params): Promise<T[]>
  /** Streams one read query's result in a ClickHouse output format (CSV, Parquet…). */
  stream(name: string, sql: string, params: Params, format: string): Promise<NodeJS.ReadableStream>
}

export interface InsertOptions {
  /** Same token, same rows: a retried insert is stored once (tables with a deduplication window). */
  dedupToken?: string | undefined
}

export interface InsertLinesOptions extends InsertOptions {
  /** JSONEachRow (objects, the default) or JSONCompactEachRow (arrays of values in `columns`). */
  format?: 'JSONEachRow' | 'JSONCompactEachRow' | undefined
  /** The columns the values are in; the table's others take their defaults. */
  columns?: readonly string[] | undefined
}

/** The write door: batch inserts and statements that change data. */
export interface Writer {
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>
  /**
   * Inserts rows already serialised as JSON lines, the collector's batches: the bytes go to
   * the engine as they are, without a second encoding.
   */
  insertJsonLines(table: string, lines: Buffer, options?: InsertLinesOptions): Promise<void>
  /** Runs a statement that returns no rows (ALTER, DELETE, INSERT … SELECT, DDL). */
  command(sql: string, params?: Params): Promise<void>
}

/** ClickHouse's own BACKUP/RESTORE of the whole database (all tables, schema and data). */
export interface Backups {
  /**
   * The directory the engine may write backups to: embedded, the `backups.allowed_path` it
   * was opened with; on a ClickHouse server, undefined (its own configuration decides, and
   * the path is on the server's disk).
   */
  readonly allowedDir: string | undefined
  /** BACKUP DATABASE to `File(target)`; `target` must not exist yet. */
  backupDatabase(target: string): Promise<void>
  /** RESTORE DATABASE from `File(source)` into a database without tables. */
  restoreDatabase(source: string): Promise<void>
}

export interface Store {
  readonly kind: 'embedded' | 'server'
  readonly reader: Reader
  readonly writer: Writer
  readonly backups: Backups
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>
  close(): Promise<void>
}
