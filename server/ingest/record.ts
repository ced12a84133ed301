import type { HitRecord, SessionRow } from '../collect/rows'

/**
 * One accepted hit's spool line: its event row's JSON, then each visit row's JSON, joined by
 * tabs. JSON text never holds a raw tab or newline (both are escaped inside strings), so the
 * writer can cut a whole segment into the two tables' JSONEachRow bodies byte by byte, without
 * parsing a row or keeping the hits in the heap until the insert.
 */
export function encodeHit(record: HitRecord): string {
  let line = JSON.stringify(record.event)
  for (const s of record.sessions) line += `\t${JSON.stringify(s)}`
  return line
}

/** Lines written before the tab format: `{"event":…,"sessions":[…]}`. */
const LEGACY = '{"event":'

/** A spool line's visit rows (to restore open visits); undefined for a line torn by a crash. */
export function lineSessions(line: string): SessionRow[] | undefined {
  try {
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
const LEGACY_BYTES = Buffer.from(LEGACY)

/**
 * A spool segment's bytes as the JSONEachRow bodies of its two tables. A last line without
 * its newline was torn by a crash (never acknowledged) and is left out. With `check` (a file
 * left by an earlier run, which may have been cut short anywhere), every row is parsed first
 * and a line that is not whole is left out too; a segment this process wrote and synced is
 * taken as it is.
 */
export function segmentRows(
  bytes: Buffer,
  check = false,
): { events: Buffer; sessions: Buffer; records: number } {
  // Each row's bytes are copied once; a tab between rows becomes a newline, so neither output
  // can be longer than the input.
  const events = Buffer.allocUnsafe(bytes.length)
  const sessions = Buffer.allocUnsafe(bytes.length)
  let e = 0
  let s = 0
  let records = 0
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(NEWLINE, start)
    if (end < 0) break
    if (end > start) {
      if (
        bytes.compare(LEGACY_BYTES, 0, LEGACY_BYTES.length, start, start + LEGACY_BYTES.length) ===
        0
      ) {
        const rows = legacyRows(bytes.toString('utf8', start, end))
        if (rows) {
          e += events.write(`${rows.event}\n`, e)
          for (const row of rows.sessions) s += sessions.write(`${row}\n`, s)
          records++
        }
      } else if (!check || wholeLine(bytes.toString('utf8', start, end))) {
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
  return { events: events.subarray(0, e), sessions: sessions.subarray(0, s), records }
}

function wholeLine(line: string): boolean {
  try {
    for (const row of line.split('\t')) JSON.parse(row)
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
