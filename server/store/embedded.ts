import { createReadStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { randomUUID } from 'node:crypto'
import type { Params } from './types'

type Chdb = typeof import('chdb')
type Session = InstanceType<Chdb['Session']>
let chdb: Chdb | undefined

/**
 * Loads the embedded engine's library, once, on demand: with a ClickHouse server it is never
 * loaded. Its allocator (jemalloc) reads JE_MALLOC_CONF from the environment as it loads.
 */
export async function loadEngine(): Promise<Chdb> {
  chdb ??= await import('chdb')
  return chdb
}

function engine(): Chdb {
  if (!chdb) throw new Error('The embedded engine is not loaded (openStore loads it)')
  return chdb
}

/**
 * Opens the engine on `dir` with the server options that cannot be set later. Backups are
 * a server option (`backups.allowed_path`), so this session must exist before the client's
 * connection is created; the client then shares its engine.
 */
export function openEngineSession(dir: string, backupDir: string): Session {
  mkdirSync(backupDir, { recursive: true, mode: 0o700 })
  return new (engine().Session)(dir, { connectionArgs: [`--backups.allowed_path=${backupDir}`] })
}

/**
 * A connection of its own for the collector's batch inserts. Each batch states its settings
 * in its INSERT, so they never mix with the other connections' session settings.
 */
export function openInsertSession(dir: string): Session {
  return new (engine().Session)(dir)
}

/**
 * A connection of its own for the stats side's reads: rows come back as one JSONEachRow
 * buffer, parsed at once (the client's generic stream of lines costs more per query).
 */
export function openReadSession(dir: string, database: string) {
  const session = new (engine().Session)(dir)
  session.query(`USE ${database}`)
  return {
    async query<T>(sql: string, params: Params): Promise<T[]> {
      const text = (await session.queryBindAsync(sql, params, { format: 'JSONEachRow' })).text()
      const body = text.trimEnd()
      return body === '' ? [] : (JSON.parse(`[${body.replaceAll('\n', ',')}]`) as T[])
    },
    close: () => session.close(),
  }
}

// Streamed chunks are formatted one block at a time: a row format's chunks concatenate,
// but each repeats the *WithNames header, and a file format (Parquet) gives one file each.
const ROW_FORMATS = new Map<string, number>([
  ['CSV', 0],
  ['TSV', 0],
  ['JSONEachRow', 0],
  ['JSONCompactEachRow', 0],
  ['CSVWithNames', 1],
  ['TSVWithNames', 1],
  ['CSVWithNamesAndTypes', 2],
  ['TSVWithNamesAndTypes', 2],
])

/**
 * Streams a read on the embedded engine without buffering the result in the heap
 * (`client.query()` on chDB buffers it whole). Row formats stream block by block through a
 * session of their own (one active stream per session); file formats such as Parquet are
 * written by the engine to a temporary file, which is streamed and then removed.
 */
export async function streamEmbedded(
  dir: string,
  database: string,
  tmpDir: string,
  sql: string,
  params: Params,
  format: string,
): Promise<NodeJS.ReadableStream> {
  const session = new (engine().Session)(dir)
  try {
    session.query(`USE ${database}`)
    const headerLines = ROW_FORMATS.get(format)
    if (headerLines !== undefined) {
      const chunks = rowChunks(
        session.queryStreamBind(sql, params, { format }),
        headerLines,
        session,
      )
      // The first block is awaited here, so a failing query is an error of this call (and an
      // HTTP error status) rather than a download cut short after its headers were sent.
      const first = await chunks.next()
      return Readable.from(prepend(first, chunks))
    }
    mkdirSync(tmpDir, { recursive: true })
    const file = join(tmpDir, `stream-${randomUUID()}`)
    try {
      await session.queryBindAsync(
        `INSERT INTO FUNCTION file({spurStreamFile:String}, {spurStreamFormat:String}) ${sql}`,
        { ...params, spurStreamFile: file, spurStreamFormat: format },
      )
    } catch (error) {
      rmSync(file, { force: true })
      throw error
    }
    session.close()
    const out = createReadStream(file)
    out.on('close', () => rmSync(file, { force: true }))
    return out
  } catch (error) {
    session.close()
    throw error
  }
}

async function* rowChunks(
  stream: AsyncIterable<{ raw(): Uint8Array }>,
  headerLines: number,
  session: Session,
): AsyncGenerator<Buffer> {
  try {
    let first = true
    for await (const chunk of stream) {
      let bytes = Buffer.from(chunk.raw())
      if (!first) bytes = bytes.subarray(afterLines(bytes, headerLines))
      first = false
      if (bytes.length > 0) yield bytes
    }
  } finally {
    session.close()
  }
}

async function* prepend(
  first: IteratorResult<Buffer>,
  rest: AsyncGenerator<Buffer>,
): AsyncGenerator<Buffer> {
  if (first.done) return
  yield first.value
  yield* rest
}

function afterLines(bytes: Buffer, lines: number): number {
  let at = 0
  for (let i = 0; i < lines; i++) {
    const nl = bytes.indexOf(0x0a, at)
    if (nl < 0) return bytes.length
    at = nl + 1
  }
  return at
}
