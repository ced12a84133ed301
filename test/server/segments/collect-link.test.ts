import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, importFile } from '../../helpers/segments-crm'

// Through the real collect endpoint: what a hit's segment value becomes on the visit.

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'

let t: TestApp
let admin: Record<string, string>
beforeAll(async () => {
  t = await createTestApp({ now: NOW, env: { TRUST_PROXY: '1' } })
  admin = await t.login()
})
afterAll(() => t.cleanup())

function hit(domain: string, ip: string, path: string, sg?: string) {
  return t.app.request('/api/event', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': CHROME, 'x-forwarded-for': ip },
    body: JSON.stringify({
      n: 'pageview',
      u: `https://${domain}${path}`,
      d: domain,
      ...(sg !== undefined && { sg }),
    }),
  })
}

async function linkedSite(domain: string, enabled: boolean) {
  await addSite(t, admin, domain)
  if (enabled)
    await t.request(
      'POST',
      `/api/sites/${domain}/segments-linking`,
      { enabled: true, acknowledged: true },
      admin,
    )
  // A new site: the collector reads it at once (the linking switch invalidates by itself).
  t.services.deps.ingest.sites.invalidate()
  const answer = await importFile(
    t,
    admin,
    domain,
    'id;Umsatz;Tags\n1;900;Garten\n2;100;Garten\n3;1;Garten\n',
  )
  const token = (name: string) => answer.segments.find((s) => s.name === name)?.token ?? ''
  return { token, siteId: await siteId(domain) }
}

async function siteId(domain: string) {
  const rows = await t.services.deps.store.reader.query<{ id: number }>(
    'id',
    'SELECT id FROM sites FINAL WHERE domain = {d:String} AND deleted = 0',
    { d: domain },
  )
  return rows[0]?.id ?? 0
}

async function stored(site: number) {
  await t.services.deps.ingest.flush()
  const events = await t.services.deps.store.reader.query<{ pathname: string; segment: string }>(
    'events',
    'SELECT pathname, segment FROM events WHERE site_id = {site:UInt32} ORDER BY timestamp, pathname',
    { site },
  )
  const sessions = await t.services.deps.store.reader.query<{
    entry_page: string
    segment: string
  }>(
    'sessions',
    `SELECT entry_page, segment FROM sessions FINAL WHERE site_id = {site:UInt32} AND sign = 1
     ORDER BY start, entry_page`,
    { site },
  )
  const segments = await t.services.deps.store.reader.query<{ n: number | string }>(
    'count',
    'SELECT count() AS n FROM segments FINAL WHERE site_id = {site:UInt32} AND deleted = 0',
    { site },
  )
  return { events, sessions, segments: Number(segments[0]?.n) }
}

test('tokens and names label the visit; forged values are "(unknown)" and create nothing', async () => {
  const { token, siteId: site } = await linkedSite('linked.example', true)
  const cases: Array<[string, string | undefined]> = [
    ['/a', token('A')],
    ['/b', 'forged-token-value'],
    ['/c', 'Garten'],
    ['/d', 'max.mustermann@example.de'],
    ['/e', undefined],
  ]
  for (const [i, [path, sg]] of cases.entries()) {
    expect((await hit('linked.example', `198.51.100.${i + 1}`, path, sg)).status).toBe(202)
    t.clock.advance(1000)
  }
  const { events, sessions, segments } = await stored(site)
  expect(events).toEqual([
    { pathname: '/a', segment: 'A' },
    { pathname: '/b', segment: '(unknown)' },
    { pathname: '/c', segment: 'Garten' },
    { pathname: '/d', segment: '(unknown)' },
    { pathname: '/e', segment: '' },
  ])
  expect(sessions.map((s) => s.segment)).toEqual(['A', '(unknown)', 'Garten', '(unknown)', ''])
  expect(segments).toBe(4)
})

test('the segment stays on its visit: the next visit of the same visitor is unlabelled', async () => {
  const { token, siteId: site } = await linkedSite('visit-only.example', true)
  await hit('visit-only.example', '203.0.113.9', '/landing', token('B'))
  t.clock.advance(60_000)
  await hit('visit-only.example', '203.0.113.9', '/next')
  // 31 minutes later: a new visit.
  t.clock.advance(31 * 60_000)
  await hit('visit-only.example', '203.0.113.9', '/later')
  const { events, sessions } = await stored(site)
  expect(events).toEqual([
    { pathname: '/landing', segment: 'B' },
    { pathname: '/next', segment: 'B' },
    { pathname: '/later', segment: '' },
  ])
  expect(sessions.map((s) => [s.entry_page, s.segment])).toEqual([
    ['/landing', 'B'],
    ['/later', ''],
  ])
})

test('with linking off nothing is labelled', async () => {
  const { token, siteId: site } = await linkedSite('unlinked.example', false)
  await hit('unlinked.example', '192.0.2.1', '/x', token('A'))
  await hit('unlinked.example', '192.0.2.2', '/y', 'A')
  const { events } = await stored(site)
  expect(events.map((e) => e.segment)).toEqual(['', ''])
})

test('switching linking on takes effect at the next hit', async () => {
  const { token, siteId: site } = await linkedSite('switch.example', false)
  await hit('switch.example', '192.0.2.10', '/before', token('A'))
  t.clock.advance(1000)
  await t.request(
    'POST',
    '/api/sites/switch.example/segments-linking',
    { enabled: true, acknowledged: true },
    admin,
  )
  await hit('switch.example', '192.0.2.11', '/after', token('A'))
  const { events } = await stored(site)
  expect(events).toEqual([
    { pathname: '/before', segment: '' },
    { pathname: '/after', segment: 'A' },
  ])
})
