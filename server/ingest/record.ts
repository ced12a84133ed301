import type { HitRecord } from '../collect/rows'

/**
 * One accepted hit as JSON texts, ready for a JSONEachRow insert: its event row and its visit
 * rows. Each row is serialised once, when the hit is spooled; the writer only joins texts.
 */
export interface SpooledHit {
  event: string
  sessions: string[]
}

/** The hit's spool line (`{"event":…,"sessions":[…]}`) and its texts for the writer. */
export function encodeHit(record: HitRecord): { line: string; hit: SpooledHit } {
  const event = JSON.stringify(record.event)
  const sessions = record.sessions.map((s) => JSON.stringify(s))
  return { line: `{"event":${event},"sessions":[${sessions.join(',')}]}`, hit: { event, sessions } }
}

/** A spool line read back (replay after a restart); undefined for a line torn by a crash. */
export function decodeLine(line: string): SpooledHit | undefined {
  let record: HitRecord
  try {
    record = JSON.parse(line) as HitRecord
  } catch {
    return undefined // a line torn by a crash was never acknowledged
  }
  return {
    event: JSON.stringify(record.event),
    sessions: record.sessions.map((s) => JSON.stringify(s)),
  }
}

/** Rows as JSONEachRow bytes: one JSON object per line. */
export function jsonLines(rows: readonly string[]): Buffer {
  return Buffer.from(rows.length === 0 ? '' : `${rows.join('\n')}\n`)
}
