import { expect, test } from 'vitest'
import type { EventRow, HitRecord, SessionRow } from '../../../server/collect/rows'
import { decodeLine, encodeHit, jsonLines } from '../../../server/ingest/record'

const event = {
  site_id: 7,
  timestamp: 1_700_000_000_000,
  name: 'pageview',
  visitor_id: '18446744073709551615',
  pathname: '/a "quoted" path\n',
  props: { plan: 'pro' },
} as unknown as EventRow
const session = (sign: 1 | -1, version: number) =>
  ({ site_id: 7, session_id: '42', sign, version, entry_page: '/ä' }) as unknown as SessionRow
const record: HitRecord = { event, sessions: [session(-1, 1), session(1, 2)] }

test('a spooled hit is the spool line of its record, and its rows are their JSON texts', () => {
  const { line, hit } = encodeHit(record)
  expect(JSON.parse(line)).toEqual(record)
  expect(hit.event).toBe(JSON.stringify(event))
  expect(hit.sessions).toEqual(record.sessions.map((s) => JSON.stringify(s)))
  expect(line).not.toContain('\n')
})

test('a replayed line gives the same texts as the hit that wrote it; a torn line gives none', () => {
  const { line, hit } = encodeHit(record)
  expect(decodeLine(line)).toEqual(hit)
  expect(decodeLine(line.slice(0, -3))).toBeUndefined()
})

test('JSONEachRow bytes: one row per line, UTF-8, nothing for no rows', () => {
  const { hit } = encodeHit(record)
  const bytes = jsonLines(hit.sessions)
  expect(
    bytes
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown),
  ).toEqual(record.sessions)
  expect(bytes.toString('utf8').endsWith('}\n')).toBe(true)
  expect(jsonLines([])).toHaveLength(0)
})
