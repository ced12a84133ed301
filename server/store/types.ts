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
  dedupToken?: string
}

/** The write door: batch inserts and statements that change data. */
export interface Writer {
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>
  /** Runs a statement that returns no rows (ALTER, DELETE, INSERT … SELECT, DDL). */
  command(sql: string, params?: Params): Promise<void>
}

export interface Store {
  readonly kind: 'embedded' | 'server'
  readonly reader: Reader
  readonly writer: Writer
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>
  close(): Promise<void>
}
