import { expect, test } from 'vitest'
import type { EventRow, HitRecord, SessionRow } from '../../../server/collect/rows'
import { encodeHit, lineSessions, segmentRows } from '../../../server/ingest/record'

const event = (n: number) =>
  ({
    site_id: 7,
    timestamp: 1_700_000_000_000 + n,
    name: 'pageview',
    visitor_id: '18446744073709551615',
    pathname: `/a "quoted"\tpath\n${n}`,
    props: { plan: 'pro\t\n' },
  }) as unknown as EventRow
const session = (sign: 1 | -1, version: number) =>
  ({ site_id: 7, session_id: '42', sign, version, entry_page: '/ä\t' }) as unknown as SessionRow
const record = (n: number): HitRecord => ({
  event: event(n),
  sessions: [session(-1, n), session(1, n + 1)],
})

const parseLines = (bytes: Buffer) =>
  bytes
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown)

test('a hit is one line with no raw newline, whatever its values hold', () => {
  const line = encodeHit(record(1))
  expect(line).not.toContain('\n')
  expect(line.split('\t')).toHaveLength(3)
  expect(lineSessions(line)).toEqual(record(1).sessions)
})

test('a segment becomes the two tables’ JSONEachRow bodies, row for row', () => {
  const hits = [record(1), { event: event(2), sessions: [] }, record(3)]
  const bytes = Buffer.from(hits.map((h) => `${encodeHit(h)}\n`).join(''))
  const rows = segmentRows(bytes)
  expect(rows.records).toBe(3)
  expect(parseLines(rows.events)).toEqual(hits.map((h) => h.event))
  expect(parseLines(rows.sessions)).toEqual(hits.flatMap((h) => h.sessions))
  expect(rows.events.toString('utf8').endsWith('}\n')).toBe(true)
  expect(rows.sessions.toString('utf8').endsWith('}\n')).toBe(true)
})

test('a torn last line (a crash mid-write) is left out; an empty segment gives empty bodies', () => {
  const whole = `${encodeHit(record(1))}\n`
  const torn = encodeHit(record(2)).slice(0, -10)
  const rows = segmentRows(Buffer.from(whole + torn))
  expect(rows.records).toBe(1)
  expect(parseLines(rows.events)).toEqual([event(1)])
  expect(parseLines(rows.sessions)).toEqual(record(1).sessions)
  const none = segmentRows(Buffer.alloc(0))
  expect([none.records, none.events.length, none.sessions.length]).toEqual([0, 0, 0])
})

test('lines in the earlier format (one JSON object per hit) are still read', () => {
  const legacy = (h: HitRecord) =>
    `{"event":${JSON.stringify(h.event)},"sessions":[${h.sessions.map((s) => JSON.stringify(s)).join(',')}]}`
  const bytes = Buffer.from(`${legacy(record(1))}\n${encodeHit(record(2))}\n`)
  const rows = segmentRows(bytes)
  expect(rows.records).toBe(2)
  expect(parseLines(rows.events)).toEqual([event(1), event(2)])
  expect(parseLines(rows.sessions)).toEqual([...record(1).sessions, ...record(2).sessions])
  expect(lineSessions(legacy(record(1)))).toEqual(record(1).sessions)
  expect(lineSessions(legacy(record(1)).slice(0, -3))).toBeUndefined()
})

test('a replayed file’s lines are checked: a line that is not whole is left out', () => {
  const broken = encodeHit(record(2)).replace('"site_id":7', '"site_id":\u0000')
  const bytes = Buffer.from(`${encodeHit(record(1))}\n${broken}\n${encodeHit(record(3))}\n`)
  const checked = segmentRows(bytes, true)
  expect(checked.records).toBe(2)
  expect(parseLines(checked.events)).toEqual([event(1), event(3)])
  expect(parseLines(checked.sessions)).toEqual([...record(1).sessions, ...record(3).sessions])
  // A segment this process wrote is taken as it is.
  expect(segmentRows(bytes).records).toBe(3)
})
