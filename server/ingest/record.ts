import { EVENT_COLUMNS, SESSION_COLUMNS, type HitRecord, type SessionRow } from '../collect/rows'

/** The columns a spool file's rows hold their values in, from its first line. */
export interface SpoolColumns {
  events: readonly string[]
  sessions: readonly string[]
}

const HEADER_MARK = '#spur-spool 2'

/**
 * Each spool file begins with this line: it names the columns of the values in the rows after
 * it, so a file stays readable after an upgrade adds or moves a column (the rows go to the
 * store under the columns they were written with; a new column takes its default).
 */
export const SPOOL_HEADER = `${HEADER_MARK}\tevents:${EVENT_COLUMNS.join(',')}\tsessions:${SESSION_COLUMNS.join(',')}`

export class SpoolFormatError extends Error {}

/**
 * A spool file's first line as its columns; undefined for a file in the earlier formats (which
 * have no header). A header of a format this version does not know is an error: its rows must
 * not be read as something they are not.
 */
export function parseHeader(line: string): SpoolColumns | undefined {
  if (!line.startsWith('#')) return undefined
  const [mark, events, sessions] = line.split('\t')
  if (mark !== HEADER_MARK || !events?.startsWith('events:') || !sessions?.startsWith('sessions:'))
    throw new SpoolFormatError(
      `A spool file has a header this version cannot read (${line.slice(0, 40)}): a later ` +
        'version of Spur wrote it. Start that version again to store its hits, or move the ' +
        'file out of DATA_DIR/spool (its hits are then not stored).',
    )
  return { events: events.slice(7).split(','), sessions: sessions.slice(9).split(',') }
}

/**
 * One accepted hit's spool line: its event row's values as a JSON array, then each visit
 * row's, joined by tabs (JSONCompactEachRow: no column names, which were 60 % of the bytes
 * and a quarter of the engine's parsing time). JSON text never holds a raw tab or newline (both are
 * escaped inside strings), so the writer can cut a whole file into the two tables' bodies byte
 * by byte, without parsing a row or keeping the hits in the heap until the insert.
 */
export function encodeHit(record: HitRecord): string {
  const { event } = record
  let line = JSON.stringify(EVENT_COLUMNS.map((c) => event[c]))
  for (const s of record.sessions) line += `\t${JSON.stringify(SESSION_COLUMNS.map((c) => s[c]))}`
  // JSON.stringify writes half a character (a lone surrogate: sent as an escape, or left by
  // cutting a text to its limit) as a \udXXX escape, and the store refuses such a row, which
  // would hold every later file. Seldom there; then each text is mended and the line encoded again.
  return line.includes('\\ud') ? encodeWellFormed(record) : line
}

const LONE_SURROGATE = /\p{Cs}/gu
const mend = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD')
const wellFormed = (value: unknown): unknown => {
  if (typeof value === 'string') return mend(value)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [mend(k), wellFormed(v)]))
}

function encodeWellFormed(record: HitRecord): string {
  const { event } = record
  let line = JSON.stringify(EVENT_COLUMNS.map((c) => wellFormed(event[c])))
  for (const s of record.sessions)
    line += `\t${JSON.stringify(SESSION_COLUMNS.map((c) => wellFormed(s[c])))}`
  return line
}

/** Lines written before the tab format: `{"event":…,"sessions":[…]}`. */
const LEGACY = '{"event":'

function valuesRow(text: string, columns: readonly string[]): Record<string, unknown> {
  const values = JSON.parse(text) as unknown
  if (!Array.isArray(values) || values.length !== columns.length)
    throw new SpoolFormatError('A spool row does not match its columns')
  const row: Record<string, unknown> = {}
  columns.forEach((c, i) => {
    row[c] = values[i] as unknown
  })
  return row
}

/**
 * A spool line's visit rows (to restore open visits); undefined for a line torn by a crash.
 * `columns` is the file's header; without one, the line is in an earlier format.
 */
export function lineSessions(line: string, columns?: SpoolColumns): SessionRow[] | undefined {
  try {
    if (columns)
      return line
        .split('\t')
        .slice(1)
        .map((s) => valuesRow(s, columns.sessions) as unknown as SessionRow)
    if (line.startsWith(LEGACY)) return (JSON.parse(line) as HitRecord).sessions
    return line
      .split('\t')
      .slice(1)
      .map((s) => JSON.parse(s) as SessionRow)
  } catch {
    return undefined // a line torn by a crash was never acknowledged
  }
}

const TAB = 0x09
const NEWLINE = 0x0a
const HASH = 0x23
const LEGACY_BYTES = Buffer.from(LEGACY)

/** The bodies of a spool file's rows, in the format and columns they were written in. */
export interface SegmentRows {
  events: Buffer
  sessions: Buffer
  records: number
  format: 'JSONCompactEachRow' | 'JSONEachRow'
  /** From the file's header; undefined for the earlier formats, whose rows name their columns. */
  columns: SpoolColumns | undefined
}

/**
 * A spool segment's bytes as the bodies of its two tables. A last line without its newline
 * was torn by a crash (never acknowledged) and is left out. With `check` (a file left by an
 * earlier run, which may have been cut short anywhere), every row is parsed first and a line
 * that is not whole is left out too; a segment this process wrote and synced is taken as it is.
 */
export function segmentRows(bytes: Buffer, check = false): SegmentRows {
  // Each row's bytes are copied once; a tab between rows becomes a newline, so neither output
  // can be longer than the input.
  const events = Buffer.allocUnsafe(bytes.length)
  const sessions = Buffer.allocUnsafe(bytes.length)
  let e = 0
  let s = 0
  let records = 0
  let start = 0
  let columns: SpoolColumns | undefined
  const first = bytes.indexOf(NEWLINE)
  if (bytes[0] === HASH && first > 0) {
    columns = parseHeader(bytes.toString('utf8', 0, first))
    start = first + 1
  }
  for (; start < bytes.length;) {
    const end = bytes.indexOf(NEWLINE, start)
    if (end < 0) break
    if (end > start) {
      if (
        !columns &&
        end - start >= LEGACY_BYTES.length &&
        bytes.compare(LEGACY_BYTES, 0, LEGACY_BYTES.length, start, start + LEGACY_BYTES.length) ===
          0
      ) {
        const rows = legacyRows(bytes.toString('utf8', start, end))
        if (rows) {
          e += events.write(`${rows.event}\n`, e)
          for (const row of rows.sessions) s += sessions.write(`${row}\n`, s)
          records++
        }
      } else if (!check || wholeLine(bytes.toString('utf8', start, end), columns)) {
        // Searched within the line: a line without visit rows must not scan the rest of the file.
        const tab = bytes.subarray(start, end).indexOf(TAB)
        const eventEnd = tab >= 0 ? start + tab : end
        e += bytes.copy(events, e, start, eventEnd)
        events[e++] = NEWLINE
        if (eventEnd < end) {
          const rows = sessions.subarray(s, s + bytes.copy(sessions, s, eventEnd + 1, end))
          for (let t = rows.indexOf(TAB); t >= 0; t = rows.indexOf(TAB, t + 1)) rows[t] = NEWLINE
          s += rows.length
          sessions[s++] = NEWLINE
        }
        records++
      }
    }
    start = end + 1
  }
  return {
    events: events.subarray(0, e),
    sessions: sessions.subarray(0, s),
    records,
    format: columns ? 'JSONCompactEachRow' : 'JSONEachRow',
    columns,
  }
}

function wholeLine(line: string, columns: SpoolColumns | undefined): boolean {
  try {
    line.split('\t').forEach((row, i) => {
      if (columns) valuesRow(row, i === 0 ? columns.events : columns.sessions)
      else JSON.parse(row)
    })
    return true
  } catch {
    return false
  }
}

function legacyRows(line: string): { event: string; sessions: string[] } | undefined {
  try {
    const record = JSON.parse(line) as HitRecord
    return {
      event: JSON.stringify(record.event),
      sessions: record.sessions.map((r) => JSON.stringify(r)),
    }
  } catch {
    return undefined
  }
}
