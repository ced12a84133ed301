import { afterAll, beforeAll, expect, test } from 'vitest'
import { getSiteByDomain, type Site } from '../../../server/sites/sites'
import type { Store } from '../../../server/store'
import { resolveSegment, UNKNOWN_SEGMENT, useSegmentStore } from '../../../server/segments/resolve'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, importFile } from '../../helpers/segments-crm'

let t: TestApp
let admin: Record<string, string>
let reads = 0
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login()
  // Count the resolver's reads to show that hits are answered from the cache.
  const store = t.services.deps.store
  const counting: Store = {
    ...store,
    reader: {
      query: (name, sql, params) => {
        if (name === 'listSegments') reads++
        return store.reader.query(name, sql, params)
      },
      stream: (...args) => store.reader.stream(...args),
    },
  }
  useSegmentStore(counting)
})
afterAll(() => t.cleanup())

async function siteWithSegments(domain: string, enabled: boolean) {
  await addSite(t, admin, domain)
  if (enabled)
    await t.request(
      'POST',
      `/api/sites/${domain}/segments-linking`,
      { enabled: true, acknowledged: true },
      admin,
    )
  const answer = await importFile(
    t,
    admin,
    domain,
    'id;Umsatz;Tags\n1;900;Garten\n2;100;Garten\n3;1;Garten\n',
  )
  const site = (await getSiteByDomain(t.services.deps.store, domain)) as Site
  const token = (name: string) => answer.segments.find((s) => s.name === name)?.token ?? ''
  return { site, token, answer }
}

async function segmentCount(siteId: number) {
  const rows = await t.services.deps.store.reader.query<{ n: string }>(
    'count',
    'SELECT count() AS n FROM segments FINAL WHERE site_id = {site:UInt32} AND deleted = 0',
    { site: siteId },
  )
  return Number(rows[0]?.n)
}

test('linking off: nothing is stored, whatever is sent', async () => {
  const { site, token } = await siteWithSegments('off.example', false)
  for (const value of [token('A'), 'A', 'forged', undefined, ''])
    expect(await resolveSegment(site, value)).toBe('')
})

test('linking on: tokens and names resolve; anything else is "(unknown)" and creates nothing', async () => {
  const { site, token } = await siteWithSegments('on.example', true)
  const before = await segmentCount(site.id)
  expect(before).toBe(4)
  const cases: Array<[string | undefined, string]> = [
    [token('A'), 'A'],
    [token('B'), 'B'],
    [token('Garten'), 'Garten'],
    ['A', 'A'],
    ['c', 'C'],
    [' garten ', 'Garten'],
    ['forged-token-123', UNKNOWN_SEGMENT],
    ['max.mustermann@example.de', UNKNOWN_SEGMENT],
    [token('A').toUpperCase() === token('A') ? 'x' : token('A').toUpperCase(), UNKNOWN_SEGMENT],
    ['x'.repeat(500), UNKNOWN_SEGMENT],
    ['(unknown)', UNKNOWN_SEGMENT],
    ['', ''],
    ['   ', ''],
    [undefined, ''],
  ]
  for (const [value, label] of cases)
    expect([value, await resolveSegment(site, value)]).toEqual([value, label])
  expect(await segmentCount(site.id)).toBe(before)
})

test('lookups are cached; a rotated token stops counting at once', async () => {
  const { site, token, answer } = await siteWithSegments('cache.example', true)
  const old = token('A')
  reads = 0
  for (let i = 0; i < 50; i++) await resolveSegment(site, i % 2 ? old : `forged-${i}`)
  expect(reads).toBe(1)
  const id = answer.segments.find((s) => s.name === 'A')?.id ?? ''
  const res = await t.request('POST', `/api/sites/${site.domain}/segments/${id}/rotate`, {}, admin)
  const fresh = ((await res.json()) as { segment: { token: string } }).segment.token
  expect(await resolveSegment(site, old)).toBe(UNKNOWN_SEGMENT)
  expect(await resolveSegment(site, fresh)).toBe('A')
  await t.request('DELETE', `/api/sites/${site.domain}/segments/${id}`, undefined, admin)
  expect(await resolveSegment(site, fresh)).toBe(UNKNOWN_SEGMENT)
  expect(await resolveSegment(site, 'A')).toBe(UNKNOWN_SEGMENT)
})

test("one site's token is unknown on another site", async () => {
  const one = await siteWithSegments('one.example', true)
  const two = await siteWithSegments('two.example', true)
  expect(await resolveSegment(two.site, one.token('A'))).toBe(UNKNOWN_SEGMENT)
  expect(await resolveSegment(one.site, one.token('A'))).toBe('A')
})

test('a name sent decomposed (u + U+0308) resolves to the segment named composed', async () => {
  await addSite(t, admin, 'nfd.example')
  await t.request(
    'POST',
    '/api/sites/nfd.example/segments-linking',
    { enabled: true, acknowledged: true },
    admin,
  )
  await importFile(
    t,
    admin,
    'nfd.example',
    'id;Umsatz;Tags\n1;900;Bücher\n2;100;Bücher\n3;1;Bücher\n',
  )
  const site = (await getSiteByDomain(t.services.deps.store, 'nfd.example')) as Site
  for (const value of ['Bücher', 'bücher'.normalize('NFD'), 'BÜCHER'.normalize('NFD')])
    expect(await resolveSegment(site, value)).toBe('Bücher')
})

test('names fold beyond lower case: final sigma, ß and dotted İ; a folded twin cannot be created', async () => {
  const domain = 'fold.example'
  await addSite(t, admin, domain)
  await t.request(
    'POST',
    `/api/sites/${domain}/segments-linking`,
    { enabled: true, acknowledged: true },
    admin,
  )
  for (const name of ['ΟΔΟΣ', 'Großkunden', 'İzmir']) {
    const res = await t.request(
      'POST',
      `/api/sites/${domain}/segments`,
      { name, rule: { abc: 'A' } },
      admin,
    )
    expect(res.status).toBe(201)
  }
  for (const name of ['οδοσ', 'GROSSKUNDEN', 'Izmir']) {
    const res = await t.request(
      'POST',
      `/api/sites/${domain}/segments`,
      { name, rule: { abc: 'B' } },
      admin,
    )
    expect([name, res.status]).toEqual([name, 409])
  }
  const site = (await getSiteByDomain(t.services.deps.store, domain)) as Site
  const cases: Array<[string, string]> = [
    ['οδοσ', 'ΟΔΟΣ'],
    ['Οδος', 'ΟΔΟΣ'],
    ['GROSSKUNDEN', 'Großkunden'],
    ['grossKunden', 'Großkunden'],
    ['IZMIR', 'İzmir'],
    ['izmir', 'İzmir'],
    ['ızmir', UNKNOWN_SEGMENT],
  ]
  for (const [value, label] of cases)
    expect([value, await resolveSegment(site, value)]).toEqual([value, label])
})
