import { expect, test } from 'vitest'
import {
  EVENT_COLUMNS,
  SESSION_COLUMNS,
  type EventRow,
  type HitRecord,
  type SessionRow,
} from '../../../server/collect/rows'
import {
  encodeHit,
  lineSessions,
  parseHeader,
  segmentRows,
  SPOOL_HEADER,
  SpoolFormatError,
} from '../../../server/ingest/record'

const visit = (n: number) => ({
  referrer: `ref${n}.example`,
  referrer_source: 'Ref',
  channel: 'Referral',
  utm_source: '',
  utm_medium: '',
  utm_campaign: `c "${n}"`,
  utm_content: '',
  utm_term: '',
  click_id_param: '',
  country_code: 'DE',
  region: 'Berlin',
  city: 'Berlin',
  browser: 'Firefox',
  browser_version: '128',
  os: 'Linux',
  os_version: '',
  device: 'Desktop',
  segment: '',
})
const event = (n: number): EventRow => ({
  ...visit(n),
  site_id: 7,
  timestamp: 1_700_000_000_000 + n,
  name: 'pageview',
  visitor_id: '18446744073709551615',
  session_id: '0',
  hostname: 'site.example',
  pathname: `/a "quoted"\tpath\n${n}`,
  props: { plan: 'pro\t\n' },
  revenue_amount: 12.5,
  revenue_currency: 'EUR',
  interactive: 1,
  engagement_ms: 0,
  scroll_depth: 0,
})
const session = (sign: 1 | -1, version: number): SessionRow => ({
  ...visit(version),
  site_id: 7,
  session_id: '42',
  visitor_id: '18446744073709551615',
  sign,
  version,
  start: 1_700_000_000_000,
  timestamp: 1_700_000_000_000 + version,
  hostname: 'site.example',
  entry_page: '/ä\t',
  exit_page: '/b',
  pageviews: version,
  events: version,
  duration: 3,
  is_bounce: 0,
})
const record = (n: number): HitRecord => ({
  event: event(n),
  sessions: [session(-1, n), session(1, n + 1)],
})

const columns = parseHeader(SPOOL_HEADER)
const file = (...lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''))
const parseLines = (bytes: Buffer) =>
  bytes
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown)
const values = (row: object, cols: readonly string[]) =>
  cols.map((c) => (row as Record<string, unknown>)[c])
const eventValues = (h: HitRecord) => values(h.event, EVENT_COLUMNS)
const sessionValues = (h: HitRecord) => h.sessions.map((s) => values(s, SESSION_COLUMNS))

test('the header names the columns of the rows after it', () => {
  expect(columns).toEqual({ events: [...EVENT_COLUMNS], sessions: [...SESSION_COLUMNS] })
  expect(SPOOL_HEADER).not.toMatch(/\n/)
  expect(parseHeader('[7,"x"]')).toBeUndefined()
  expect(() => parseHeader('#spur-spool 3\tevents:a\tsessions:b')).toThrow(SpoolFormatError)
  expect(() => parseHeader('#spur-spool 3')).toThrow(/move the file out of DATA_DIR\/spool/)
})

test('a hit is one line of value arrays with no raw newline, whatever its values hold', () => {
  const line = encodeHit(record(1))
  expect(line).not.toContain('\n')
  const parts = line.split('\t')
  expect(parts).toHaveLength(3)
  expect(JSON.parse(parts[0] ?? '')).toEqual(eventValues(record(1)))
  expect(lineSessions(line, columns)).toEqual(record(1).sessions)
})

test('a segment becomes the two tables’ JSONCompactEachRow bodies, row for row', () => {
  const hits = [record(1), { event: event(2), sessions: [] }, record(3)]
  const rows = segmentRows(file(SPOOL_HEADER, ...hits.map(encodeHit)))
  expect(rows.records).toBe(3)
  expect(rows.format).toBe('JSONCompactEachRow')
  expect(rows.columns).toEqual(columns)
  expect(parseLines(rows.events)).toEqual(hits.map(eventValues))
  expect(parseLines(rows.sessions)).toEqual(hits.flatMap(sessionValues))
  expect(rows.events.toString('utf8').endsWith(']\n')).toBe(true)
  expect(rows.sessions.toString('utf8').endsWith(']\n')).toBe(true)
})

test('a file keeps the columns it was written with', () => {
  // As an earlier version would have written it: fewer columns, in another order.
  const header = '#spur-spool 2\tevents:name,site_id\tsessions:sign,site_id'
  const rows = segmentRows(file(header, '["pageview",7]\t[1,7]'))
  expect(rows.columns).toEqual({ events: ['name', 'site_id'], sessions: ['sign', 'site_id'] })
  expect(parseLines(rows.events)).toEqual([['pageview', 7]])
  const restored = lineSessions('["pageview",7]\t[1,7]', parseHeader(header))
  expect(restored).toEqual([{ sign: 1, site_id: 7 }])
})

test('a torn last line (a crash mid-write) is left out; an empty segment gives empty bodies', () => {
  const torn = encodeHit(record(2)).slice(0, -10)
  const rows = segmentRows(Buffer.from(`${SPOOL_HEADER}\n${encodeHit(record(1))}\n${torn}`))
  expect(rows.records).toBe(1)
  expect(parseLines(rows.events)).toEqual([eventValues(record(1))])
  expect(parseLines(rows.sessions)).toEqual(sessionValues(record(1)))
  expect(lineSessions(torn, columns)).toBeUndefined()
  for (const bytes of [
    Buffer.alloc(0),
    Buffer.from(SPOOL_HEADER.slice(0, 20)),
    file(SPOOL_HEADER),
  ]) {
    const none = segmentRows(bytes)
    expect([none.records, none.events.length, none.sessions.length]).toEqual([0, 0, 0])
  }
})

test('files in the earlier formats (JSON objects, no header) are still read', () => {
  const objects = (h: HitRecord) =>
    [h.event, ...h.sessions].map((row) => JSON.stringify(row)).join('\t')
  const legacy = (h: HitRecord) =>
    `{"event":${JSON.stringify(h.event)},"sessions":[${h.sessions.map((s) => JSON.stringify(s)).join(',')}]}`
  const rows = segmentRows(file(legacy(record(1)), objects(record(2))))
  expect(rows.records).toBe(2)
  expect(rows.format).toBe('JSONEachRow')
  expect(rows.columns).toBeUndefined()
  expect(parseLines(rows.events)).toEqual([event(1), event(2)])
  expect(parseLines(rows.sessions)).toEqual([...record(1).sessions, ...record(2).sessions])
  expect(lineSessions(objects(record(2)))).toEqual(record(2).sessions)
  expect(lineSessions(legacy(record(1)))).toEqual(record(1).sessions)
  expect(lineSessions(legacy(record(1)).slice(0, -3))).toBeUndefined()
  // A last line shorter than the earlier format's mark is read, not compared past the end.
  expect(segmentRows(Buffer.from('{"a":1}\n{"b":2}\n')).events.toString()).toBe(
    '{"a":1}\n{"b":2}\n',
  )
})

test('a replayed file’s lines are checked: a line that is not whole is left out', () => {
  const [first, ...rest] = encodeHit(record(2)).split('\t')
  const broken = [first?.replace('[7,', '[\u0000,'), ...rest].join('\t')
  const short = encodeHit(record(4)).replace(/,"Desktop",""\]$/, ']')
  const bytes = file(SPOOL_HEADER, encodeHit(record(1)), broken, short, encodeHit(record(3)))
  const checked = segmentRows(bytes, true)
  expect(checked.records).toBe(2)
  expect(parseLines(checked.events)).toEqual([record(1), record(3)].map(eventValues))
  expect(parseLines(checked.sessions)).toEqual([record(1), record(3)].flatMap(sessionValues))
  // A segment this process wrote is taken as it is.
  expect(segmentRows(bytes).records).toBe(4)
})
