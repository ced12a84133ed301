import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../../server/accounts/users'
import { getSiteByDomain, setMember } from '../../../server/sites/sites'
import { listAudit } from '../../../server/audit/audit-log'
import { ADMIN, createTestApp, type TestApp } from '../../helpers/app'
import {
  addSite,
  crmFixture,
  importFile,
  upload,
  type CommitAnswer,
  type Preview,
} from '../../helpers/segments-crm'

let t: TestApp
let admin: Record<string, string>
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.login()
})
afterAll(() => t.cleanup())

async function countRows(table: string, siteId: number) {
  const rows = await t.services.deps.store.reader.query<{ n: string }>(
    'count',
    `SELECT count() AS n FROM ${table} WHERE site_id = {site:UInt32}`,
    { site: siteId },
  )
  return Number(rows[0]?.n)
}

describe('the import flow', () => {
  test('upload, review, commit: German Excel file into A/B/C and interest clusters', async () => {
    const domain = await addSite(t, admin, 'flow.example')
    const res = await upload(t, admin, domain, crmFixture('excel-de-1252.csv'))
    expect(res.status).toBe(201)
    const preview = (await res.json()) as Preview & { sample: string[][] }
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rows: 7 })
    expect(preview.sample[0]?.[1]).toBe('Müller Gartenbau GmbH')
    expect(preview.mapping.revenue).toBe('Umsatz')

    const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
    const review = await t.request('POST', `${base}/review`, { mapping: preview.mapping }, admin)
    expect(review.status).toBe(200)
    expect(await review.json()).toMatchObject({
      customers: 5,
      bad: [
        { line: 6, reason: 'revenue "kein Umsatz" is not an amount' },
        { line: 7, reason: 'revenue "-50,00 €" is negative' },
      ],
      groups: [],
    })

    const commit = await t.request('POST', `${base}/commit`, { clusterMin: 2 }, admin)
    expect(commit.status).toBe(200)
    const body = (await commit.json()) as {
      customers: number
      revenueCents: number
      downloadId: string
      segments: Array<{
        name: string
        kind: string
        members: number
        revenueCents: number
        token: string
      }>
    }
    expect(body.customers).toBe(5)
    expect(body.revenueCents).toBe(1234567 + 123450 + 98700 + 4550 + 200000)
    expect(body.segments.map((s) => [s.name, s.kind, s.members, s.revenueCents])).toEqual([
      // 1 661 267 in total: Müller alone is 74 %, so Blümchen (the line at 80 % falls in it) is A.
      ['A', 'abc', 2, 1434567],
      // Schäfer (86 % before it) and Weiß (94 %) are B, Öko-Hof (99.7 %) is C.
      ['B', 'abc', 2, 222150],
      ['C', 'abc', 1, 4550],
      ['Garten', 'cluster', 3, 1439117],
      ['Werkzeug', 'cluster', 2, 1333267],
    ])
    for (const s of body.segments) expect(s.token).toMatch(/^[A-Za-z0-9_-]{16}$/)

    const first = await t.request(
      'GET',
      `/api/sites/${domain}/segments/downloads/${body.downloadId}`,
      undefined,
      admin,
    )
    expect(first.status).toBe(200)
    expect(first.headers.get('content-disposition')).toBe(
      'attachment; filename="segments-flow.example.csv"',
    )
    const csv = await first.text()
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines[0]).toBe(
      'line;customer_id;company;name;email;postcode;abc;interests;segments;abc_token',
    )
    expect(lines[1]).toBe(
      `2;K-1001;Müller Gartenbau GmbH;Jürgen Müller;juergen.mueller@example.de;10115;A;Garten | Werkzeug;;${body.segments[0]?.token}`,
    )
    expect(lines).toHaveLength(6)
    const again = await t.request(
      'GET',
      `/api/sites/${domain}/segments/downloads/${body.downloadId}`,
      undefined,
      admin,
    )
    expect(again.status).toBe(410)
    // The upload itself is gone after the commit.
    expect(
      (await t.request('POST', `${base}/review`, { mapping: preview.mapping }, admin)).status,
    ).toBe(404)
  })

  test('a file that cannot be read imports nothing', async () => {
    const domain = await addSite(t, admin, 'broken.example')
    const res = await upload(t, admin, domain, crmFixture('broken.csv'))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^The file cannot be read \(line \d+\).*Nothing was imported\.$/,
    )
    const site = await getSiteByDomain(t.services.deps.store, domain)
    expect(await countRows('segments', site?.id ?? 0)).toBe(0)
    expect(await countRows('segment_imports', site?.id ?? 0)).toBe(0)
  })

  test('a file without a header line imports nothing', async () => {
    const domain = await addSite(t, admin, 'headless.example')
    const res = await upload(
      t,
      admin,
      domain,
      'K-1;Kopf GmbH;kopf@example.de;100\nK-2;Zwei AG;zwei@example.de;50\n',
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error:
        'Line 1 holds an e-mail address, so it is a customer and not a line of column names; add a header line. Nothing was imported.',
    })
    const site = await getSiteByDomain(t.services.deps.store, domain)
    expect(await countRows('segment_settings', site?.id ?? 0)).toBe(0)
  })

  test('the mapping is remembered and a re-import replaces the aggregates', async () => {
    const domain = await addSite(t, admin, 'again.example')
    const csv = 'Nr;Betrag\n1;100\n2;50\n'
    const first = await upload(t, admin, domain, csv)
    const p1 = (await first.json()) as Preview
    expect(p1.mapping).toEqual({})
    const base = `/api/sites/${domain}/segments/imports/${p1.importId}`
    await t.request(
      'POST',
      `${base}/review`,
      { mapping: { customerId: 'Nr', revenue: 'Betrag' } },
      admin,
    )
    await t.request('POST', `${base}/commit`, {}, admin)
    const second = (await (await upload(t, admin, domain, 'Nr;Betrag\n1;10\n')).json()) as Preview
    expect(second.mapping).toEqual({ customerId: 'Nr', revenue: 'Betrag' })
    const answer = await importFile(t, admin, domain, 'Nr;Betrag\n1;10\n2;10\n3;10\n')
    expect(answer.segments.map((s) => [s.name, s.members, s.revenueCents])).toEqual([
      ['A', 3, 3000],
      ['B', 0, 0],
      ['C', 0, 0],
    ])
    const list = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
    ).json()) as {
      imports: Array<{ customers: number }>
    }
    expect(list.imports.map((i) => i.customers)).toEqual([3, 2])
  })

  test('a phone country that is not one is a 400 naming it, and nothing is remembered', async () => {
    const domain = await addSite(t, admin, 'phone-region.example')
    const preview = (await (
      await upload(t, admin, domain, 'Kundennummer;Telefon\n1;030 1234567\n')
    ).json()) as Preview
    const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
    for (const phoneRegion of ['UK', 'XX', 'de']) {
      const res = await t.request(
        'POST',
        `${base}/review`,
        { mapping: preview.mapping, phoneRegion },
        admin,
      )
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        error: 'phoneRegion: must be a country code such as DE or GB',
        field: 'phoneRegion',
      })
    }
    const before = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
    ).json()) as { settings: { phoneRegion: string } }
    expect(before.settings.phoneRegion).toBe('DE')
    const ok = await t.request(
      'POST',
      `${base}/review`,
      { mapping: preview.mapping, phoneRegion: 'GB' },
      admin,
    )
    expect(ok.status).toBe(200)
    const list = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
    ).json()) as { settings: { phoneRegion: string } }
    expect(list.settings.phoneRegion).toBe('GB')
  })

  test("left out of a request, the phone country and thresholds are the site's remembered ones", async () => {
    const domain = await addSite(t, admin, 'remembered.example')
    // The same London number, once without its country code: a duplicate only read as GB.
    const csv = 'Kundennummer;Telefon;Umsatz\nK-1;020 7946 0958;10\nK-2;+44 20 7946 0958;5\n'
    const review = async (body: Record<string, unknown>) => {
      const preview = (await (await upload(t, admin, domain, csv)).json()) as Preview
      const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
      const res = await t.request(
        'POST',
        `${base}/review`,
        { mapping: preview.mapping, ...body },
        admin,
      )
      expect(res.status).toBe(200)
      const { groups } = (await res.json()) as { groups: Array<{ reasons: string[] }> }
      return { base, groups }
    }
    const first = await review({ phoneRegion: 'GB' })
    expect(first.groups.map((g) => g.reasons)).toEqual([['phone']])
    const thresholds = { a: 50, b: 90 }
    expect((await t.request('POST', `${first.base}/commit`, { thresholds }, admin)).status).toBe(
      200,
    )
    const second = await review({})
    expect(second.groups.map((g) => g.reasons)).toEqual([['phone']])
    expect((await t.request('POST', `${second.base}/commit`, {}, admin)).status).toBe(200)
    const list = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
    ).json()) as { imports: Array<{ summary: { thresholds: unknown } }> }
    expect(list.imports.map((i) => i.summary.thresholds)).toEqual([thresholds, thresholds])
  })

  test('duplicates chosen for merging add their revenue', async () => {
    const domain = await addSite(t, admin, 'dupes.example')
    const answer = await importFile(t, admin, domain, crmFixture('duplicates.csv'))
    expect(answer).toMatchObject({
      rows: 8,
      badRows: 0,
      merged: 4,
      customers: 4,
      revenueCents: 150500 + 50000 + 15000 + 1000,
    })
  })
})

describe('rule segments, tokens and linking', () => {
  test('a rule segment is counted at the next import; rotation and deletion', async () => {
    const domain = await addSite(t, admin, 'rules.example')
    const created = await t.request(
      'POST',
      `/api/sites/${domain}/segments`,
      { name: 'Garten-A', rule: { abc: 'A', tag: 'garten' } },
      admin,
    )
    expect(created.status).toBe(201)
    const { segment } = (await created.json()) as {
      segment: { id: string; members: number; token: string }
    }
    expect(segment.members).toBe(0)
    const dup = await t.request(
      'POST',
      `/api/sites/${domain}/segments`,
      { name: 'garten-a', rule: { tag: 'x' } },
      admin,
    )
    expect(dup.status).toBe(409)
    const empty = await t.request(
      'POST',
      `/api/sites/${domain}/segments`,
      { name: 'Nothing', rule: {} },
      admin,
    )
    expect(empty.status).toBe(400)
    // A, B and C are how the ABC segments are sent and looked up; a rule cannot take them.
    for (const name of ['A', 'b']) {
      const taken = await t.request(
        'POST',
        `/api/sites/${domain}/segments`,
        { name, rule: { tag: 'x' } },
        admin,
      )
      expect(taken.status).toBe(400)
      expect(await taken.json()).toEqual({
        error: 'name: A, B and C are the ABC classes',
        field: 'name',
      })
    }
    const answer = await importFile(t, admin, domain, crmFixture('excel-de-1252.csv'))
    expect(answer.segments.find((s) => s.name === 'Garten-A')).toMatchObject({
      members: 2,
      revenueCents: 1434567,
      token: segment.token,
    })

    const rotated = await t.request(
      'POST',
      `/api/sites/${domain}/segments/${segment.id}/rotate`,
      {},
      admin,
    )
    const after = ((await rotated.json()) as { segment: { token: string } }).segment.token
    expect(after).not.toBe(segment.token)
    expect(after).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(
      (await t.request('DELETE', `/api/sites/${domain}/segments/${segment.id}`, undefined, admin))
        .status,
    ).toBe(200)
    expect(
      (await t.request('DELETE', `/api/sites/${domain}/segments/${segment.id}`, undefined, admin))
        .status,
    ).toBe(404)
  })

  test('changes sent at the same time do not write over each other', async () => {
    const domain = await addSite(t, admin, 'races.example')
    const create = () =>
      t.request(
        'POST',
        `/api/sites/${domain}/segments`,
        { name: 'Gold', rule: { abc: 'A' } },
        admin,
      )
    const created = await Promise.all([create(), create()])
    expect(created.map((r) => r.status).sort()).toEqual([201, 409])

    const res = await upload(t, admin, domain, 'Kundennummer;Umsatz\n1;100\n2;50\n')
    const preview = (await res.json()) as Preview
    const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
    await t.request('POST', `${base}/review`, { mapping: preview.mapping }, admin)
    const commits = await Promise.all(
      [1, 2].map(() => t.request('POST', `${base}/commit`, {}, admin)),
    )
    expect(commits.map((r) => r.status).sort()).toEqual([200, 404])
    const list = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
    ).json()) as { imports: unknown[] }
    expect(list.imports).toHaveLength(1)
  })

  test('linking needs the acknowledgement; viewers see no tokens and cannot import', async () => {
    const domain = await addSite(t, admin, 'roles.example')
    const path = `/api/sites/${domain}/segments-linking`
    expect((await t.request('POST', path, { enabled: true }, admin)).status).toBe(400)
    expect(
      (await t.request('POST', path, { enabled: true, acknowledged: true }, admin)).status,
    ).toBe(200)
    await importFile(t, admin, domain, 'id,revenue\n1,5\n')
    const store = t.services.deps.store
    const site = await getSiteByDomain(store, domain)
    const viewer = await createUser(
      store,
      { email: 'viewer@example.com', password: 'viewer password 123', isAdmin: false },
      t.clock.now(),
    )
    await setMember(store, site?.id ?? 0, viewer.id, 'viewer', t.clock.now())
    const headers = await t.login('viewer@example.com', 'viewer password 123')
    const list = (await (
      await t.request('GET', `/api/sites/${domain}/segments`, undefined, headers)
    ).json()) as {
      enabled: boolean
      param: string
      segments: Array<Record<string, unknown>>
    }
    expect(list.enabled).toBe(true)
    expect(list.param).toBe('sg')
    expect(list.segments.map((s) => [s.name, s.members, 'token' in s])).toEqual([
      ['A', 1, false],
      ['B', 0, false],
      ['C', 0, false],
    ])
    expect((await upload(t, headers, domain, 'id,revenue\n1,5\n')).status).toBe(403)
    expect((await t.request('POST', path, { enabled: false }, headers)).status).toBe(403)
  })
})

describe('re-imports, the opt-in key, expiry and the audit log', () => {
  test('with the opt-in key a re-import tells who is new, gone and moved', async () => {
    const domain = await addSite(t, admin, 'moves.example')
    await importFile(t, admin, domain, 'id;Umsatz\n1;800\n2;150\n3;50\n', { keepHashedKeys: true })
    // 1 stays A, 2 drops from B to C, 3 rises from C to A, 4 is new, nobody is gone but…
    const second = await importFile(t, admin, domain, 'id;Umsatz\n1;500\n3;450\n2;10\n4;40\n', {
      keepHashedKeys: true,
    })
    expect(second.movement).toEqual({ returning: 3, new: 1, gone: 0, up: 1, down: 1 })
    // …5 replaces everybody but 1.
    const third = await importFile(t, admin, domain, 'id;Umsatz\n1;10\n5;10\n', {
      keepHashedKeys: true,
    })
    expect(third.movement).toEqual({ returning: 1, new: 1, gone: 3, up: 0, down: 0 })
    const site = await getSiteByDomain(t.services.deps.store, domain)
    // The hashes of the customers gone are gone from disk, not only marked deleted.
    const hashes = await t.services.deps.store.reader.query<{ n: number | string }>(
      'hashes',
      'SELECT uniqExact(key_hash) AS n FROM segment_customer_keys WHERE site_id = {site:UInt32}',
      { site: site?.id ?? 0 },
    )
    expect(Number(hashes[0]?.n)).toBe(2)
    // Without the opt-in the next import keeps nothing and drops what was kept.
    const fourth = await importFile(t, admin, domain, 'id;Umsatz\n1;10\n')
    expect(fourth.movement).toBeUndefined()
    const kept = await t.services.deps.store.reader.query<{ n: number | string }>(
      'keys',
      'SELECT count() AS n FROM segment_customer_keys WHERE site_id = {site:UInt32}',
      { site: site?.id ?? 0 },
    )
    expect(Number(kept[0]?.n)).toBe(0)
  })

  test('the dashboard upload (base64 in JSON) reads the same bytes', async () => {
    const domain = await addSite(t, admin, 'json.example')
    const bytes = crmFixture('excel-de-1252.csv')
    const res = await t.request(
      'POST',
      `/api/sites/${domain}/segments/imports`,
      { fileBase64: Buffer.from(bytes).toString('base64') },
      admin,
    )
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rows: 7 })
  })

  test('up to 20 MB are accepted as raw bytes and as base64 in JSON; more is a 413', async () => {
    const domain = await addSite(t, admin, 'size.example')
    const header = 'Kundennummer;Notiz\n'
    const row = `K-1;${'x'.repeat(1019)}\n`
    const csv = (bytes: number) => header + row.repeat(Math.floor((bytes - header.length) / 1024))
    const json = (text: string) =>
      t.request(
        'POST',
        `/api/sites/${domain}/segments/imports`,
        { fileBase64: Buffer.from(text).toString('base64') },
        admin,
      )
    // 19 MB is about 25 MB in base64: still a file of 19 MB.
    const big = csv(19 * 1024 * 1024)
    const viaJson = await json(big)
    expect(viaJson.status).toBe(201)
    expect(await viaJson.json()).toMatchObject({ rows: 19 * 1024 - 1 })
    expect((await upload(t, admin, domain, big)).status).toBe(201)
    const over = `${big}${row.repeat(1025)}`
    for (const res of [await json(over), await upload(t, admin, domain, over)]) {
      expect(res.status).toBe(413)
      expect(await res.json()).toEqual({ error: 'The file is larger than 20 MB' })
    }
    const garbled = await t.request(
      'POST',
      `/api/sites/${domain}/segments/imports`,
      { fileBase64: 'not base64!' },
      admin,
    )
    expect(garbled.status).toBe(400)
    expect(await garbled.json()).toMatchObject({ field: 'fileBase64' })
  })

  test('a form upload is a 415 that says how to send the file', async () => {
    const domain = await addSite(t, admin, 'form.example')
    const form = new FormData()
    form.append('file', new Blob(['Kundennummer;Umsatz\nK-1;10\n']), 'kunden.csv')
    const res = await t.app.request(`/api/sites/${domain}/segments/imports`, {
      method: 'POST',
      headers: admin,
      body: form,
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toEqual({
      error:
        'Send the file itself as the request body (Content-Type: text/csv), or JSON { fileBase64 }',
    })
  })

  test('an upload waits 15 minutes for its next step, then it is gone', async () => {
    const domain = await addSite(t, admin, 'expiry.example')
    const preview = (await (await upload(t, admin, domain, 'id,revenue\n1,5\n')).json()) as Preview
    const path = `/api/sites/${domain}/segments/imports/${preview.importId}/review`
    t.clock.advance(14 * 60_000)
    expect((await t.request('POST', path, { mapping: preview.mapping }, admin)).status).toBe(200)
    t.clock.advance(2 * 60_000)
    expect((await t.request('POST', path, { mapping: preview.mapping }, admin)).status).toBe(404)
  })

  test('imports, downloads and deletions are in the audit log', async () => {
    const domain = await addSite(t, admin, 'audit.example')
    // The pinned clock moves a second between steps, so the log's order is the steps' order.
    const preview = (await (
      await upload(t, admin, domain, 'id,revenue,tags\n1,5,x\n')
    ).json()) as Preview
    const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
    await t.request('POST', `${base}/review`, { mapping: preview.mapping }, admin)
    t.clock.advance(1000)
    const commit = await t.request('POST', `${base}/commit`, { clusterMin: 1 }, admin)
    const answer = (await commit.json()) as CommitAnswer
    t.clock.advance(1000)
    await t.request(
      'GET',
      `/api/sites/${domain}/segments/downloads/${answer.downloadId}`,
      undefined,
      admin,
    )
    t.clock.advance(1000)
    const cluster = answer.segments.find((s) => s.kind === 'cluster')
    await t.request('DELETE', `/api/sites/${domain}/segments/${cluster?.id}`, undefined, admin)
    const site = await getSiteByDomain(t.services.deps.store, domain)
    const { entries } = await listAudit(t.services.deps.store, {
      siteId: site?.id ?? 0,
      action: 'crm_import',
      limit: 10,
    })
    expect(entries.map((e) => [e.action, e.actorEmail, e.details.change]).reverse()).toEqual([
      ['crm_import', ADMIN.email, 'upload'],
      ['crm_import', ADMIN.email, 'import'],
      ['crm_import', ADMIN.email, 'labels_downloaded'],
      ['crm_import', ADMIN.email, 'segment_deleted'],
    ])
    expect(entries.find((e) => e.details.change === 'import')?.details).toEqual({
      change: 'import',
      customers: 1,
      badRows: 0,
      merged: 0,
    })
  })
})

// macOS file names and text pasted from there are often decomposed (NFD): "ü" as u + U+0308.
describe('names written composed or decomposed are the same name', () => {
  const nfd = (s: string) => s.normalize('NFD')

  test.each([
    ['the file decomposed, the mapping composed', nfd('Umsätze'), 'Umsätze'],
    ['the file composed, the mapping decomposed', 'Umsätze', nfd('Umsätze')],
  ])('a column: %s', async (_, inFile, inMapping) => {
    const domain = await addSite(t, admin, `column-${inFile.length}.example`)
    const res = await upload(t, admin, domain, `Kundennummer;${inFile}\n1;100\n2;50\n`)
    const preview = (await res.json()) as Preview
    const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
    const reviewed = await t.request(
      'POST',
      `${base}/review`,
      { mapping: { customerId: 'Kundennummer', revenue: inMapping } },
      admin,
    )
    expect(reviewed.status).toBe(200)
    const committed = await t.request('POST', `${base}/commit`, {}, admin)
    expect(((await committed.json()) as CommitAnswer).revenueCents).toBe(15000)
  })

  test('a rule segment: a decomposed name is accepted, kept composed, and taken once', async () => {
    const domain = await addSite(t, admin, 'nfd-rule.example')
    const path = `/api/sites/${domain}/segments`
    const created = await t.request(
      'POST',
      path,
      { name: nfd('Müller'), rule: { abc: 'A' } },
      admin,
    )
    expect(created.status).toBe(201)
    expect(((await created.json()) as { segment: { name: string } }).segment.name).toBe('Müller')
    const again = await t.request('POST', path, { name: 'MÜLLER', rule: { abc: 'B' } }, admin)
    expect(again.status).toBe(409)
  })
})

test('tags in Cyrillic or Greek are interest clusters of their own', async () => {
  const domain = await addSite(t, admin, 'scripts.example')
  const rows = [
    'Книги',
    'Книги',
    'Книги',
    'Игрушки',
    'Игрушки',
    'Игрушки',
    'Βιβλία',
    'Βιβλία',
    'ΒΙΒΛΙΑ',
  ]
  const answer = await importFile(
    t,
    admin,
    domain,
    `id;Umsatz;Tags\n${rows.map((tag, i) => `${i + 1};10;${tag}`).join('\n')}\n`,
  )
  expect(
    answer.segments.filter((s) => s.kind === 'cluster').map((s) => [s.name, s.members]),
  ).toEqual([
    ['Βιβλία', 3],
    ['Игрушки', 3],
    ['Книги', 3],
  ])
})

test('turning the hashed keys off while a review is saved stays off', async () => {
  const domain = await addSite(t, admin, 'optout-race.example')
  await importFile(t, admin, domain, 'id;Umsatz\n1;800\n2;150\n', { keepHashedKeys: true })
  const res = await upload(t, admin, domain, 'id;Umsatz\n1;800\n2;150\n')
  const preview = (await res.json()) as Preview
  const [reviewed, off] = await Promise.all([
    t.request(
      'POST',
      `/api/sites/${domain}/segments/imports/${preview.importId}/review`,
      { mapping: preview.mapping, phoneRegion: 'AT' },
      admin,
    ),
    t.request('PUT', `/api/sites/${domain}/segments-settings`, { keepHashedKeys: false }, admin),
  ])
  expect([reviewed.status, off.status]).toEqual([200, 200])
  const list = (await (
    await t.request('GET', `/api/sites/${domain}/segments`, undefined, admin)
  ).json()) as { settings: { keepHashedKeys: boolean; phoneRegion: string } }
  expect(list.settings).toMatchObject({ keepHashedKeys: false, phoneRegion: 'AT' })
})
