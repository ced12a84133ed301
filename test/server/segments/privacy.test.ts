import { createHmac } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getSiteByDomain } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, crmFixture, importFile, upload, type Preview } from '../../helpers/segments-crm'

// Every identifier in the uploads: e-mails, names, companies, phones (as written and as
// E.164), customer ids.
const IDENTIFIERS = [
  'Juergen.Mueller@Example.DE',
  'juergen.mueller@example.de',
  'anna@baeckerei-schaefer.de',
  'p.weiss@strassenbau.de',
  'info@oekohof.de',
  'zoe@example.com',
  'cafe@froehlich.de',
  'berta@bluemchen.de',
  'hans@mueller.de',
  'eva@schmidt.de',
  'karl@meyer.de',
  'otto@anders.de',
  'JÜRGEN MÜLLER',
  'Jürgen Müller',
  'Anna Schäfer',
  'Peter Weiß',
  'Olaf Öztürk',
  'Zoë Ångström',
  'Fritz Fröhlich',
  'Berta Blümchen',
  'Hans Müller',
  'Hans Mueller',
  'Eva Schmidt',
  'Karl Meyer',
  'Karl Meier',
  'Otto Anders',
  'Müller Gartenbau',
  'Bäckerei Schäfer',
  'Straßenbau Weiß',
  'Öko-Hof Lüneburg',
  'Café Fröhlich',
  'Gärtnerei Blümchen',
  'Meyer Holzbau',
  'Schmidt & Co',
  '0170 1234567',
  '+491701234567',
  '030 123456',
  '+4930123456',
  '+49 89 1234567',
  '+49891234567',
  '0221 987654',
  '+49221987654',
  '+49301234567',
  '030 1234567',
  'K-1001',
  'K-1002',
  'K-1003',
  'K-1004',
  'K-1005',
  'K-1006',
  'K-1007',
  // A file without a header line: its first customer is read as the header.
  'K-2001',
  'Kopflos GmbH',
  'Karla Kopf',
]

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  const admin = await t.login()
  await addSite(t, admin, 'plain.example')
  await importFile(t, admin, 'plain.example', crmFixture('excel-de-1252.csv'))
  await importFile(t, admin, 'plain.example', crmFixture('duplicates.csv'))
  // Without a header line the first customer's fields are the column names the user maps.
  const headless = await upload(
    t,
    admin,
    'plain.example',
    'K-2001;Kopflos GmbH;Karla Kopf;100\nK-2002;Zwei AG;Zora Zwei;50\n',
  )
  const preview = (await headless.json()) as Preview
  const base = `/api/sites/plain.example/segments/imports/${preview.importId}`
  const mapping = {
    customerId: 'K-2001',
    company: 'Kopflos GmbH',
    name: 'Karla Kopf',
    revenue: '100',
  }
  expect((await t.request('POST', `${base}/review`, { mapping }, admin)).status).toBe(200)
  expect((await t.request('POST', `${base}/commit`, {}, admin)).status).toBe(200)
  // The same columns are offered again on the next file with that first line.
  const again = await upload(
    t,
    admin,
    'plain.example',
    'K-2001;Kopflos GmbH;Karla Kopf;100\n1;2;3;4\n',
  )
  expect(((await again.json()) as Preview).mapping).toEqual(mapping)
  await addSite(t, admin, 'hashed.example')
  await importFile(t, admin, 'hashed.example', crmFixture('excel-de-1252.csv'), {
    keepHashedKeys: true,
  })
  await t.services.deps.store.writer.command('SYSTEM FLUSH LOGS')
})
afterAll(() => t.cleanup())

async function everyTableAsText(): Promise<Map<string, string>> {
  const { reader } = t.services.deps.store
  const tables = await reader.query<{ database: string; name: string }>(
    'listTables',
    `SELECT database, name FROM system.tables
     WHERE (database = currentDatabase() OR (database = 'system' AND name LIKE '%\\_log'))
       AND engine NOT IN ('View', 'MaterializedView')`,
  )
  const out = new Map<string, string>()
  for (const { database, name } of tables) {
    // Identifiers from system.tables, not from input; each row's columns cast to String.
    const rows = await reader.query<{ row: string }>(
      'dumpTable',
      `SELECT toString(tuple(*)) AS row FROM \`${database}\`.\`${name}\``,
    )
    out.set(`${database}.${name}`, rows.map((r) => r.row).join('\n'))
  }
  return out
}

function everyFile(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

test('no table holds an e-mail, name, phone or customer id from the uploads', async () => {
  const tables = await everyTableAsText()
  expect(tables.get('spur.segments')).toContain('Garten')
  for (const name of [
    'segments',
    'segment_imports',
    'segment_settings',
    'segment_customer_keys',
    'events',
    'sessions',
    'sites',
  ])
    expect(tables.has(`spur.${name}`)).toBe(true)
  const found: string[] = []
  for (const [table, text] of tables) {
    const lower = text.toLowerCase()
    for (const id of IDENTIFIERS)
      if (lower.includes(id.toLowerCase())) found.push(`${table}: ${id}`)
  }
  expect(found).toEqual([])
})

test('no file under DATA_DIR holds one, in UTF-8 or Windows-1252', () => {
  const files = everyFile(t.dataDir)
  expect(files.length).toBeGreaterThan(20)
  const needles = IDENTIFIERS.flatMap((id) => [
    Buffer.from(id, 'utf8'),
    iconv.encode(id, 'windows-1252'),
  ])
  const found: string[] = []
  for (const file of files) {
    const bytes = readFileSync(file)
    for (const needle of needles)
      if (bytes.includes(needle)) found.push(`${file}: ${needle.toString('latin1')}`)
  }
  expect(found).toEqual([])
})

test('with the opt-in key only keyed hashes are kept, one per customer', async () => {
  const site = await getSiteByDomain(t.services.deps.store, 'hashed.example')
  const rows = await t.services.deps.store.reader.query<{ key_hash: string; abc: string }>(
    'keys',
    'SELECT key_hash, abc FROM segment_customer_keys FINAL WHERE site_id = {site:UInt32} AND deleted = 0 ORDER BY abc, key_hash',
    { site: site?.id ?? 0 },
  )
  const hash = (id: string) =>
    createHmac('sha256', t.services.deps.secretKey).update(`${site?.id}\0id:${id}`).digest('hex')
  const expected = [
    ['k-1001', 'A'],
    ['k-1007', 'A'],
    ['k-1002', 'B'],
    ['k-1003', 'B'],
    ['k-1004', 'C'],
  ].map(([id, abc]) => ({ key_hash: hash(id ?? ''), abc: abc ?? '' }))
  expect(rows).toEqual(
    [...expected].sort(
      (x, y) => x.abc.localeCompare(y.abc) || x.key_hash.localeCompare(y.key_hash),
    ),
  )
  const plain = await getSiteByDomain(t.services.deps.store, 'plain.example')
  const none = await t.services.deps.store.reader.query<{ n: string }>(
    'keys',
    'SELECT count() AS n FROM segment_customer_keys WHERE site_id = {site:UInt32}',
    { site: plain?.id ?? 0 },
  )
  expect(Number(none[0]?.n)).toBe(0)
})
