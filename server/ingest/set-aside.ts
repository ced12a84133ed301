import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { oneAtATime } from '../one-at-a-time'
import type { Store } from '../store'
import { parseHeader, segmentRows, type SpoolColumns } from './record'
import type { Segment } from './spool'

/** Where a spool directory's set-aside lines go. */
export const setAsideDirOf = (spoolDir: string) => join(spoolDir, 'set-aside')

/**
 * ClickHouse error codes that say a row's content cannot be read into its column (a text
 * that does not parse, a number out of range), as opposed to the store being away, full or
 * of another schema. Only a refusal with one of these is searched for lines to set aside.
 */
const CONTENT_ERRORS = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  407, // DECIMAL_OVERFLOW
])

/** The ClickHouse error code of an error (the server client's `code`, or chDB's message). */
function errorCode(error: unknown): number | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code)
    const m = /\bCode: (\d+)\./.exec(e.message)
    if (m?.[1]) return Number(m[1])
  }
  return undefined
}

export const isContentError = (error: unknown): boolean =>
  CONTENT_ERRORS.has(errorCode(error) ?? -1)

async function writeSynced(path: string, data: Buffer) {
  const file = await open(path, 'w')
  try {
    await file.writeFile(data)
    await file.datasync()
  } finally {
    await file.close()
  }
}

/** Replaces a file by one with `data`, synced: a crash leaves the old file or the new one. */
async function replaceSynced(path: string, data: Buffer) {
  const temporary = `${path}.mending`
  await writeSynced(temporary, data)
  await rename(temporary, path)
  const folder = await open(dirname(path), 'r')
  try {
    await folder.sync()
  } finally {
    await folder.close()
  }
}

/**
 * Finds the lines of a segment file that the store refuses for their content, writes them to
 * `dir/<segment>` and the file again without them, so the rest can be stored instead of every
 * later segment waiting behind one bad line. Each part is checked by inserting it into tables
 * of the `Null` engine shaped like the real ones, which read the rows and keep nothing; a
 * refused part is halved until its bad lines are found. Returns how many lines were set
 * aside (0 when every line reads: the refusal was not about them).
 */
export async function setAsideBadLines(
  store: Store,
  segment: Segment,
  bytes: Buffer,
  dir: string,
): Promise<number> {
  const firstNewline = bytes.indexOf(10)
  const hasHeader = bytes[0] === 0x23 && firstNewline > 0
  const header = hasHeader ? bytes.subarray(0, firstNewline + 1) : Buffer.alloc(0)
  const lines: Buffer[] = []
  for (let start = header.length; start < bytes.length;) {
    const end = bytes.indexOf(10, start)
    if (end < 0) break // a line cut short is never inserted (see segmentRows)
    if (end > start) lines.push(bytes.subarray(start, end + 1))
    start = end + 1
  }
  const suffix = randomUUID().replaceAll('-', '')
  const tables = {
    events: `spool_check_events_${suffix}`,
    sessions: `spool_check_sessions_${suffix}`,
  }
  for (const [real, check] of Object.entries(tables))
    await store.writer.command(`CREATE TABLE \`${check}\` AS \`${real}\` ENGINE = Null`)
  try {
    const reads = async (part: Buffer[]) => {
      const rows = segmentRows(Buffer.concat([header, ...part]), segment.replayed)
      try {
        await store.writer.insertJsonLines(tables.events, rows.events, {
          format: rows.format,
          columns: rows.columns?.events,
        })
        await store.writer.insertJsonLines(tables.sessions, rows.sessions, {
          format: rows.format,
          columns: rows.columns?.sessions,
        })
        return true
      } catch (error) {
        if (isContentError(error)) return false
        throw error
      }
    }
    const bad = new Set<Buffer>()
    const search = async (part: Buffer[]): Promise<void> => {
      if (part.length === 0 || (await reads(part))) return
      if (part.length === 1) {
        bad.add(part[0] as Buffer)
        return
      }
      const half = Math.ceil(part.length / 2)
      await search(part.slice(0, half))
      await search(part.slice(half))
    }
    await search(lines)
    if (bad.size === 0) return 0
    // The lines set aside are on disk before the file loses them; a crash in between leaves
    // the file whole, and it is searched again.
    await oneAtATime(`set-aside:${dir}`, async () => {
      await mkdir(dir, { recursive: true })
      await replaceSynced(join(dir, segment.name), Buffer.concat([header, ...bad]))
    })
    await replaceSynced(segment.path, Buffer.concat([header, ...lines.filter((l) => !bad.has(l))]))
    segment.damaged = false
    return bad.size
  } finally {
    for (const check of Object.values(tables))
      await store.writer.command(`DROP TABLE IF EXISTS \`${check}\``).catch(() => undefined)
  }
}

/** Which set-aside hits an erasure or the retention limit removes. */
export interface SetAsideErasure {
  /** Whether it concerns the site's hits at all. */
  site(siteId: number): boolean
  /** Whether a hit of that site goes, given its time or its visit's start (epoch ms). */
  at(siteId: number, ms: number): boolean
}

/** A set-aside line's site, time and visit start, as far as they can be read. */
function hitOf(
  line: string,
  columns: SpoolColumns | undefined,
): { site?: number; times: number[] } | undefined {
  try {
    const [event = '', ...visits] = line.split('\t')
    const read = (text: string, names: readonly string[] | undefined) => {
      const row = JSON.parse(text) as unknown
      if (names && Array.isArray(row))
        return Object.fromEntries(names.map((n, i) => [n, row[i] as unknown]))
      return row && typeof row === 'object' ? (row as Record<string, unknown>) : {}
    }
    // Lines of the earliest format hold the whole hit as one object.
    let e = read(event, columns?.events)
    let visit = visits.length > 0 ? read(visits[visits.length - 1] ?? '', columns?.sessions) : {}
    if (!columns && e.event && typeof e.event === 'object') {
      const sessions = Array.isArray(e.sessions) ? (e.sessions as Record<string, unknown>[]) : []
      visit = sessions[sessions.length - 1] ?? {}
      e = e.event as Record<string, unknown>
    }
    const site =
      typeof e.site_id === 'number' && Number.isInteger(e.site_id) ? e.site_id : undefined
    const times = [e.timestamp, visit.start].filter((t): t is number => Number.isFinite(t))
    return { site, times: typeof e.timestamp === 'number' ? times : [] }
  } catch {
    return undefined
  }
}

/**
 * Removes from the set-aside files the hits an erasure or the retention limit reaches, so no
 * copy of them outlives what the store held. A hit goes when its time or its visit's start is
 * within the erasure. A line whose site cannot be read goes with any erasure (it could be any
 * site's), and one whose time cannot be read with any erasure of its site: no version can
 * store such lines, and erasure errs on removing. A file left with no hit is deleted. Returns
 * how many lines went.
 */
export function dropSetAside(dir: string, erasure: SetAsideErasure): Promise<number> {
  return oneAtATime(`set-aside:${dir}`, async () => {
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
      throw error
    }
    let dropped = 0
    for (const name of names) {
      if (name.endsWith('.mending')) continue
      const path = join(dir, name)
      const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '')
      const header = lines[0]?.startsWith('#') ? lines.shift() : undefined
      const columns = header === undefined ? undefined : parseHeader(header)
      const kept = lines.filter((line) => {
        const hit = hitOf(line, columns)
        if (hit?.site === undefined) return false
        if (!erasure.site(hit.site)) return true
        return hit.times.length > 0 && !hit.times.some((ms) => erasure.at(hit.site as number, ms))
      })
      const gone = lines.length - kept.length
      if (gone === 0) continue
      dropped += gone
      if (kept.length === 0) await rm(path, { force: true })
      else
        await replaceSynced(
          path,
          Buffer.from([...(header === undefined ? [] : [header]), ...kept, ''].join('\n')),
        )
    }
    return dropped
  })
}
