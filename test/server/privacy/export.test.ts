import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { parseCsv } from '../../helpers/privacy-csv'
import { insertEvents } from '../../helpers/privacy-seed'

let t: TestApp
let headers: Record<string, string>
let files: string
beforeAll(async () => {
  t = await createTestApp()
  headers = await t.login()
  files = mkdtempSync(join(tmpdir(), 'spur-export-'))
})
afterAll(async () => {
  rmSync(files, { recursive: true, force: true })
  await t.cleanup()
})

async function addSite(domain: string): Promise<number> {
  const res = await t.request('POST', '/api/sites', { domain, timezone: 'Europe/Berlin' }, headers)
  expect(res.status).toBe(201)
  return ((await res.json()) as { site: { id: number } }).site.id
}

const store = () => t.services.deps.store
const get = (path: string) => t.request('GET', path, undefined, headers)

// 1 and 2 November in Berlin (UTC+1): from 2026-10-31 23:00 UTC to 2026-11-02 23:00 UTC.
const EDGES = [
  ['2026-10-31T22:59:59.999Z', false],
  ['2026-10-31T23:00:00.000Z', true],
  ['2026-11-01T12:00:00.000Z', true],
  ['2026-11-02T22:59:59.999Z', true],
  ['2026-11-02T23:00:00.000Z', false],
] as const

describe('raw export of events', () => {
  test('CSV: exactly the stored events of the site and the range, every column', async () => {
    const site = await addSite('csv.example')
    const other = await addSite('other.example')
    await insertEvents(store(), [
      ...EDGES.map(([iso], i) => ({
        siteId: site,
        timestamp: Date.parse(iso),
        pathname: i === 2 ? '/a,b "quoted"\nline' : `/p${i}`,
        props: i === 2 ? { plan: 'pro, yearly' } : undefined,
      })),
      { siteId: other, timestamp: Date.parse('2026-11-01T12:00:00Z') },
    ])
    const res = await get(
      '/api/sites/csv.example/privacy/export?table=events&format=csv&from=2026-11-01&to=2026-11-02',
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="spur-csv.example-events-2026-11-01-2026-11-02.csv"',
    )
    const [header, ...rows] = parseCsv(await res.text())
    const columns = await store().reader.query<{ name: string }>(
      'cols',
      "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY position",
    )
    expect(header).toEqual(columns.map((c) => c.name))
    const stored = await store().reader.query<Record<string, string>>(
      'stored',
      // Aliases differ from the column names: in ClickHouse an alias shadows its column in WHERE.
      `SELECT toString(site_id) AS s, toString(timestamp) AS ts, pathname AS p,
         toString(visitor_id) AS v, toString(session_id) AS sid, country_code AS c
       FROM events WHERE site_id = {site:UInt32} AND timestamp >= '2026-10-31 23:00:00'
         AND timestamp < '2026-11-02 23:00:00' ORDER BY timestamp`,
      { site },
    )
    expect(stored).toHaveLength(3)
    const col = (name: string) => (header ?? []).indexOf(name)
    expect(
      rows.map((r): Record<string, string | undefined> =>
        Object.fromEntries(
          [
            ['s', 'site_id'],
            ['ts', 'timestamp'],
            ['p', 'pathname'],
            ['v', 'visitor_id'],
            ['sid', 'session_id'],
            ['c', 'country_code'],
          ].map(([alias, name]): [string, string | undefined] => [alias ?? '', r[col(name ?? '')]]),
        ),
      ),
    ).toEqual(stored)
    expect(rows.map((r) => r[col('timestamp')])).toEqual([
      '2026-10-31 23:00:00.000',
      '2026-11-01 12:00:00.000',
      '2026-11-02 22:59:59.999',
    ])
    expect(rows[1]?.[col('pathname')]).toBe('/a,b "quoted"\nline')
    expect(rows[1]?.[col('props')]).toBe("{'plan':'pro, yearly'}")
  })

  test('Parquet: the file reads back with the stored rows', async () => {
    const site = await addSite('parquet.example')
    await insertEvents(
      store(),
      EDGES.map(([iso], i) => ({
        siteId: site,
        timestamp: Date.parse(iso),
        pathname: `/page-${i}`,
        visitorId: String(2n ** 63n + BigInt(i)),
        props: { n: String(i) },
      })),
    )
    const res = await get(
      '/api/sites/parquet.example/privacy/export?table=events&format=parquet&from=2026-11-01&to=2026-11-02',
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1')
    const file = join(files, 'events.parquet')
    writeFileSync(file, bytes)
    const pick = `toUnixTimestamp64Milli(timestamp) AS ms, pathname, toString(visitor_id) AS visitor, props`
    const fromFile = await store().reader.query(
      'readParquet',
      `SELECT ${pick} FROM file({file:String}, Parquet) ORDER BY ms`,
      { file },
    )
    const stored = await store().reader.query(
      'stored',
      `SELECT ${pick} FROM events WHERE site_id = {site:UInt32}
         AND timestamp >= '2026-10-31 23:00:00' AND timestamp < '2026-11-02 23:00:00' ORDER BY ms`,
      { site },
    )
    expect(stored).toHaveLength(3)
    expect(fromFile).toEqual(stored)
    expect(fromFile.map((r) => (r as { visitor: string }).visitor)).toEqual([
      '9223372036854775809',
      '9223372036854775810',
      '9223372036854775811',
    ])
  })

  test('streams a large range in chunks with one header row', async () => {
    const site = await addSite('large.example')
    const rows = 300_000
    await store().writer.command(
      `INSERT INTO events (site_id, timestamp, name, visitor_id, session_id, pathname)
       SELECT {site:UInt32}, toDateTime64('2026-11-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(number * 100),
         'pageview', number % 5000, number % 20000, concat('/p/', toString(number % 97))
       FROM numbers({rows:UInt32})`,
      { site, rows },
    )
    const res = await get(
      '/api/sites/large.example/privacy/export?table=events&format=csv&from=2026-11-01&to=2026-11-02',
    )
    expect(res.status).toBe(200)
    const reader = res.body?.getReader()
    let lines = 0
    let headers = 0
    let chunks = 0
    let tail = ''
    for (;;) {
      const { value, done } = (await reader?.read()) ?? { done: true, value: undefined }
      if (done) break
      chunks++
      const text = tail + Buffer.from(value).toString('utf8')
      const parts = text.split('\n')
      tail = parts.pop() ?? ''
      lines += parts.length
      headers += parts.filter((l) => l.startsWith('"site_id",')).length
    }
    expect(tail).toBe('')
    expect(headers).toBe(1)
    expect(lines).toBe(rows + 1)
    expect(chunks).toBeGreaterThan(3)
  })
})

describe('raw export of visits', () => {
  test('one row per visit in its last state, without the bookkeeping columns', async () => {
    const site = await addSite('visits.example')
    const start = Date.parse('2026-11-01T10:00:00Z')
    const base = {
      site_id: site,
      session_id: '77',
      visitor_id: '88',
      start,
      hostname: 'visits.example',
      entry_page: '/',
    }
    await store().writer.insert('sessions', [
      {
        ...base,
        sign: 1,
        version: 1,
        timestamp: start,
        exit_page: '/',
        pageviews: 1,
        events: 1,
        is_bounce: 1,
      },
      {
        ...base,
        sign: -1,
        version: 1,
        timestamp: start,
        exit_page: '/',
        pageviews: 1,
        events: 1,
        is_bounce: 1,
      },
      {
        ...base,
        sign: 1,
        version: 2,
        timestamp: start + 60_000,
        exit_page: '/end',
        pageviews: 2,
        events: 2,
        is_bounce: 0,
      },
    ])
    const res = await get(
      '/api/sites/visits.example/privacy/export?table=sessions&from=2026-11-01&to=2026-11-01',
    )
    expect(res.status).toBe(200)
    const [header, ...rows] = parseCsv(await res.text())
    expect(header).not.toContain('sign')
    expect(header).not.toContain('version')
    expect(rows).toHaveLength(1)
    const col = (name: string) => rows[0]?.[(header ?? []).indexOf(name)]
    expect([col('session_id'), col('exit_page'), col('pageviews'), col('is_bounce')]).toEqual([
      '77',
      '/end',
      '2',
      '0',
    ])
  })
})

describe('who may export', () => {
  test('the export is recorded in the audit log', async () => {
    await addSite('audit.example')
    expect(
      (
        await get(
          '/api/sites/audit.example/privacy/export?table=events&from=2026-11-01&to=2026-11-01',
        )
      ).status,
    ).toBe(200)
    const rows = await store().reader.query<{ action: string; target: string; details: string }>(
      'audit',
      "SELECT action, target, details FROM audit_log WHERE target = 'audit.example' AND action = 'export'",
    )
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0]?.details ?? '{}')).toEqual({
      table: 'events',
      format: 'csv',
      from: '2026-11-01',
      to: '2026-11-01',
    })
  })

  test.each([
    ['?table=events&from=2026-11-02&to=2026-11-01', 400, 'to: must not be before from'],
    ['?table=users&from=2026-11-01&to=2026-11-01', 400, 'table: '],
    ['?table=events&format=xlsx&from=2026-11-01&to=2026-11-01', 400, 'format: '],
    ['?table=events&from=2026-02-30&to=2026-11-01', 400, 'from: must be a real calendar date'],
    // The store's times end in 2106; a later end of the range gave an empty file with 200.
    [
      '?table=events&from=2026-11-01&to=2200-12-31',
      400,
      'to: must be a day from 1970-01-01 to 2099-12-31',
    ],
    [
      '?table=sessions&from=1900-01-01&to=2026-11-01',
      400,
      'from: must be a day from 1970-01-01 to 2099-12-31',
    ],
  ])('%s → %i', async (query, status, message) => {
    const res = await get(`/api/sites/csv.example/privacy/export${query}`)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })

  test('without a session the export answers 401, for an unknown site 404', async () => {
    expect(
      (
        await t.request(
          'GET',
          '/api/sites/csv.example/privacy/export?table=events&from=2026-11-01&to=2026-11-01',
        )
      ).status,
    ).toBe(401)
    expect(
      (
        await get(
          '/api/sites/nope.example/privacy/export?table=events&from=2026-11-01&to=2026-11-01',
        )
      ).status,
    ).toBe(404)
  })
})

describe('the store’s streamed reads', () => {
  test.each(['CSVWithNames', 'Parquet'])(
    'a failing %s query rejects before anything is streamed',
    async (format) => {
      await expect(
        store().reader.stream('brokenExport', 'SELECT no_such_column FROM events', {}, format),
      ).rejects.toThrow(/^Query brokenExport failed: .*no_such_column/)
    },
  )

  test('an empty result is a header alone', async () => {
    const stream = await store().reader.stream(
      'emptyExport',
      'SELECT site_id, name FROM events WHERE site_id = {site:UInt32}',
      { site: 1 },
      'CSVWithNames',
    )
    let text = ''
    for await (const chunk of stream) text += chunk.toString()
    expect(text).toBe('"site_id","name"\n')
  })
})
