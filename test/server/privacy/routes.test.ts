import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { siteSettingsSchema, type SiteSettingsInput } from '../../../server/sites/settings'
import { getSiteById, saveSite } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { insertEvents } from '../../helpers/privacy-seed'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
let t: TestApp
let headers: Record<string, string>
const store = () => t.services.deps.store
beforeAll(async () => {
  t = await createTestApp({ now: NOW, env: { BASE_URL: 'https://stats.example.org' } })
  headers = await t.login()
})
afterAll(() => t.cleanup())

/** A site added over HTTP; `settings` are stored as a site that was set up that way. */
async function addSite(domain: string, settings?: SiteSettingsInput): Promise<number> {
  const res = await t.request('POST', '/api/sites', { domain, timezone: 'Europe/Berlin' }, headers)
  expect(res.status).toBe(201)
  const id = ((await res.json()) as { site: { id: number } }).site.id
  const site = await getSiteById(store(), id)
  // A shorter retention than the default goes through the deletion flow over HTTP; here the
  // site simply starts with it.
  if (settings && site)
    await saveSite(
      store(),
      { ...site, settings: siteSettingsSchema.parse({ ...site.settings, ...settings }) },
      NOW,
    )
  return id
}
const get = (path: string) => t.request('GET', path, undefined, headers)

describe('transparency texts over HTTP', () => {
  beforeAll(() => addSite('texts.example', { retentionMonths: 13 }))

  test.each([
    [
      'policy',
      'en',
      'md',
      'text/markdown; charset=utf-8',
      '# Web analytics with Spur on texts.example',
    ],
    [
      'policy',
      'de',
      'md',
      'text/markdown; charset=utf-8',
      '# Reichweitenmessung mit Spur auf texts.example',
    ],
    ['record', 'en', 'html', 'text/html; charset=UTF-8', '<html lang="en">'],
    [
      'record',
      'de',
      'html',
      'text/html; charset=UTF-8',
      'Verzeichnis von Verarbeitungstätigkeiten',
    ],
  ])('%s/%s as %s', async (kind, lang, format, type, start) => {
    const res = await get(`/api/sites/texts.example/privacy/texts/${kind}/${lang}?format=${format}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    const body = await res.text()
    expect(body).toContain(start)
    expect(body).toMatch(/13 (months|Monate)/)
    if (format === 'html')
      expect(res.headers.get('content-security-policy')).toMatch(
        /^default-src 'none'; style-src 'sha256-/,
      )
  })

  test('names the instance from BASE_URL; unknown texts and languages are 404', async () => {
    await addSite('host.example')
    expect(await (await get('/api/sites/host.example/privacy/texts/policy/en')).text()).toContain(
      'on our own server (stats.example.org)',
    )
    expect((await get('/api/sites/host.example/privacy/texts/imprint/en')).status).toBe(404)
    expect((await get('/api/sites/host.example/privacy/texts/policy/fr')).status).toBe(404)
  })
})

describe('what Spur stores', () => {
  test('every table with the site’s rows, its columns, the newest row, secrets hidden', async () => {
    const site = await addSite('stored.example')
    await insertEvents(store(), [
      { siteId: site, timestamp: Date.parse('2026-11-01T10:00:00Z'), pathname: '/old' },
      {
        siteId: site,
        timestamp: Date.parse('2026-11-19T10:00:00Z'),
        pathname: '/new',
        country: 'AT',
      },
    ])
    await store().writer.command(
      `CREATE TABLE IF NOT EXISTS test_keys (site_id UInt32, key_hash String, label String)
       ENGINE = MergeTree ORDER BY site_id`,
    )
    await store().writer.insert('test_keys', [{ site_id: site, key_hash: 'abc123', label: 'CI' }])
    const res = await get('/api/sites/stored.example/privacy/stored')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      tables: Array<{
        name: string
        rows: number
        columns: Array<{ name: string; type: string }>
        example: Record<string, unknown> | null
        timeColumn: string | null
      }>
      neverStored: { en: string[]; de: string[] }
    }
    const expectedTables = await store().reader.query<{ table: string }>(
      'tablesWithSiteId',
      `SELECT DISTINCT table FROM system.columns WHERE database = currentDatabase() AND name = 'site_id'
       AND table IN (SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree')
       ORDER BY table`,
    )
    expect(body.tables.map((tb) => tb.name)).toEqual(expectedTables.map((r) => r.table))
    const events = body.tables.find((tb) => tb.name === 'events')
    const columns = await store().reader.query<{ name: string; type: string }>(
      'eventColumns',
      "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY position",
    )
    expect(events?.columns.map(({ name, type }) => ({ name, type }))).toEqual(columns)
    expect(events?.rows).toBe(2)
    expect(events?.timeColumn).toBe('timestamp')
    expect(events?.example).toMatchObject({
      pathname: '/new',
      country_code: 'AT',
      timestamp: '2026-11-19 10:00:00.000',
    })
    const keys = body.tables.find((tb) => tb.name === 'test_keys')
    expect(keys?.example).toEqual({ site_id: site, key_hash: '(hidden)', label: 'CI' })
    const members = body.tables.find((tb) => tb.name === 'site_members')
    expect(members?.rows).toBe(1)
    expect(body.neverStored.en).toEqual([
      'the IP address',
      'the User-Agent string',
      'cookies — none are set',
      'anything on the visitor’s device (no localStorage, sessionStorage or IndexedDB) and no device fingerprint',
    ])
    // No table of the site has a column for an IP address or a User-Agent string.
    const names = body.tables.flatMap((tb) => tb.columns.map((c) => c.name))
    expect(names.filter((n) => /(^|_)ip($|_)|user_?agent/i.test(n))).toEqual([])
  })

  test('a site without data lists the tables with no example row', async () => {
    await addSite('empty.example')
    const body = (await (await get('/api/sites/empty.example/privacy/stored')).json()) as {
      tables: Array<{ name: string; rows: number; example?: unknown }>
    }
    const events = body.tables.find((tb) => tb.name === 'events')
    expect(events?.rows).toBe(0)
    expect(events?.example).toBeUndefined()
  })
})

describe('retention status', () => {
  test('shows the limit, the oldest event and what waits for the next run', async () => {
    const site = await addSite('ret.example', { retentionMonths: 2 })
    await insertEvents(store(), [
      { siteId: site, timestamp: Date.parse('2026-08-01T00:00:00Z') },
      { siteId: site, timestamp: Date.parse('2026-11-01T00:00:00Z') },
    ])
    const res = await get('/api/sites/ret.example/privacy/retention')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      retentionMonths: 2,
      cutoff: Date.parse('2026-09-20T12:00:00Z'),
      oldestEvent: Date.parse('2026-08-01T00:00:00Z'),
      eventsPastLimit: 1,
      pendingChange: null,
    })
  })

  test('a scheduled shortening through the deletion flow shows as pending', async () => {
    await addSite('shorten.example')
    const res = await t.request(
      'POST',
      '/api/sites/shorten.example/deletions',
      { kind: 'retention', retentionMonths: 6, password: 'correct horse battery' },
      headers,
    )
    expect(res.status).toBe(201)
    const status = (await (await get('/api/sites/shorten.example/privacy/retention')).json()) as {
      retentionMonths: number
      pendingChange: { retentionMonths: number; dueAt: number } | null
    }
    expect(status.retentionMonths).toBe(25)
    expect(status.pendingChange).toMatchObject({
      retentionMonths: 6,
      dueAt: NOW + 30 * 24 * 3600_000,
    })
  })
})

describe('aggregate report as CSV through the Stats API', () => {
  test('one column per dimension and metric, values as the API returns them', async () => {
    const site = await addSite('report.example')
    await insertEvents(store(), [
      {
        siteId: site,
        timestamp: Date.parse('2026-11-02T10:00:00Z'),
        pathname: '/',
        visitorId: '1',
        sessionId: '1',
      },
      {
        siteId: site,
        timestamp: Date.parse('2026-11-02T11:00:00Z'),
        pathname: '/=cmd',
        visitorId: '2',
        sessionId: '2',
      },
      {
        siteId: site,
        timestamp: Date.parse('2026-11-03T10:00:00Z'),
        pathname: '/',
        visitorId: '3',
        sessionId: '3',
      },
    ])
    const query = {
      metrics: ['visitors', 'pageviews'],
      date_range: ['2026-11-01', '2026-11-10'],
      dimensions: ['event:page'],
      order_by: [['pageviews', 'desc']],
    }
    const res = await t.request(
      'POST',
      '/api/sites/report.example/privacy/report.csv',
      query,
      headers,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(await res.text()).toBe('event:page,visitors,pageviews\r\n/,2,2\r\n/=cmd,1,1\r\n')
    const api = await t.request(
      'POST',
      '/api/v2/query',
      { ...query, site_id: 'report.example' },
      headers,
    )
    expect(((await api.json()) as { results: unknown[] }).results).toEqual([
      { dimensions: ['/'], metrics: [2, 2] },
      { dimensions: ['/=cmd'], metrics: [1, 1] },
    ])
  })

  test('a bad query names the field', async () => {
    await addSite('badreport.example')
    const res = await t.request(
      'POST',
      '/api/sites/badreport.example/privacy/report.csv',
      { metrics: ['nonsense'], date_range: '30d' },
      headers,
    )
    expect(res.status).toBe(400)
  })
})

describe('backups over HTTP', () => {
  test('an instance admin backs up now into the backup directory and sees it listed', async () => {
    const made = await t.request('POST', '/api/privacy/backups', {}, headers)
    expect(made.status).toBe(201)
    const { backup } = (await made.json()) as {
      backup: { name: string; manifest: { exact: boolean } }
    }
    expect(backup.name).toBe('spur-20261120-120000')
    expect(backup.manifest.exact).toBe(false)
    const list = (await (await get('/api/privacy/backups')).json()) as {
      dir: string
      backups: Array<{ name: string }>
    }
    expect(list.dir).toBe(`${t.dataDir}/backups`)
    expect(list.backups.map((b) => b.name)).toEqual(['spur-20261120-120000'])
  })

  test('two backups asked for at once: one is made, the other is refused naming the reason', async () => {
    t.clock.set(NOW + 3_600_000)
    const answers = await Promise.all([
      t.request('POST', '/api/privacy/backups', {}, headers),
      t.request('POST', '/api/privacy/backups', {}, headers),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
    const refused = answers.find((r) => r.status === 409)
    expect(await refused?.json()).toEqual({
      error: 'A backup named spur-20261120-130000 exists already',
    })
    const list = (await (await get('/api/privacy/backups')).json()) as {
      backups: Array<{ name: string }>
    }
    expect(list.backups.map((b) => b.name)).toEqual([
      'spur-20261120-130000',
      'spur-20261120-120000',
    ])
    t.clock.set(NOW)
  })
})
