import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { cleanRows } from '../../../server/segments/clean'
import { decodeCsv } from '../../../server/segments/decode'
import { guessMapping } from '../../../server/segments/mapping'
import { readCsv, type CsvTable } from '../../../server/segments/read-csv'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/crm/${name}`, import.meta.url)))

function load(name: string): { table: CsvTable; encoding: string } {
  const decoded = decodeCsv(fixture(name))
  if (!decoded.ok) throw new Error(decoded.error)
  const read = readCsv(decoded.value.text)
  if (!read.ok) throw new Error(read.error)
  return { table: read.value, encoding: decoded.value.encoding }
}

describe('German Excel: semicolons, Windows-1252, German numbers', () => {
  const { table, encoding } = load('excel-de-1252.csv')
  const mapping = guessMapping(table.header)
  const { customers, bad } = cleanRows(table, mapping, 'DE')

  test('decodes Windows-1252 and finds the semicolon', () => {
    expect(encoding).toBe('windows-1252')
    expect(table.delimiter).toBe(';')
    expect(table.header).toEqual([
      'Kundennummer',
      'Firma',
      'Name',
      'E-Mail',
      'Telefon',
      'PLZ',
      'Umsatz',
      'Kategorien',
    ])
  })

  test('maps the German headers', () => {
    expect(mapping).toEqual({
      customerId: 'Kundennummer',
      company: 'Firma',
      name: 'Name',
      email: 'E-Mail',
      phone: 'Telefon',
      postcode: 'PLZ',
      revenue: 'Umsatz',
      tags: 'Kategorien',
    })
  })

  test('normalises every good row', () => {
    expect(
      customers.map((c) => [
        c.line,
        c.customerId,
        c.company,
        c.name,
        c.email,
        c.phone,
        c.postcode,
        c.revenueCents,
        c.tags,
      ]),
    ).toEqual([
      [
        2,
        'K-1001',
        'Müller Gartenbau GmbH',
        'Jürgen Müller',
        'juergen.mueller@example.de',
        '+491701234567',
        '10115',
        1234567,
        ['Garten', 'Werkzeug'],
      ],
      [
        3,
        'K-1002',
        'Bäckerei Schäfer',
        'Anna Schäfer',
        'anna@baeckerei-schaefer.de',
        '+4930123456',
        '80331',
        123450,
        ['Backen'],
      ],
      [
        4,
        'K-1003',
        'Straßenbau Weiß KG',
        'Peter Weiß',
        'p.weiss@strassenbau.de',
        '+49891234567',
        '80331',
        98700,
        ['Werkzeug'],
      ],
      [
        5,
        'K-1004',
        'Öko-Hof Lüneburg',
        'Olaf Öztürk',
        'info@oekohof.de',
        undefined,
        '21335',
        4550,
        ['Garten'],
      ],
      [
        8,
        'K-1007',
        'Gärtnerei Blümchen',
        'Berta Blümchen',
        'berta@bluemchen.de',
        '+49221987654',
        '50667',
        200000,
        ['Garten', 'Pflanzen'],
      ],
    ])
  })

  test('lists bad rows with line and reason', () => {
    expect(bad).toEqual([
      { line: 6, reason: 'revenue "kein Umsatz" is not an amount' },
      { line: 7, reason: 'revenue "-50,00 €" is negative' },
    ])
  })
})

test('UTF-8 with BOM, commas and English numbers', () => {
  const { table, encoding } = load('bom-utf8.csv')
  expect(encoding).toBe('utf-8-bom')
  expect(table.delimiter).toBe(',')
  expect(table.header[0]).toBe('Customer ID')
  const { customers, bad } = cleanRows(table, guessMapping(table.header), 'DE')
  expect(bad).toEqual([])
  expect(
    customers.map((c) => [c.customerId, c.name, c.phone, c.postcode, c.revenueCents, c.tags]),
  ).toEqual([
    ['C-1', 'Jane Doe', '+442079460958', 'SW1A1AA', 123456, ['garden']],
    ['C-2', 'John Smith', undefined, 'EC1A1BB', 99999, ['tools', 'garden']],
    ['C-3', 'Ümit Çelik', undefined, '10115', 25000, ['tools']],
  ])
})

test('quoted fields with newlines keep their content and the right line numbers', () => {
  const { table, encoding } = load('quoted-newlines.csv')
  expect(encoding).toBe('utf-8')
  expect(table.rows.map((r) => r.line)).toEqual([2, 5, 6])
  expect(table.rows[0]?.cells[2]).toBe('Erste Zeile\nzweite Zeile, mit Komma\ndritte "Zeile"')
  const { customers, bad } = cleanRows(table, guessMapping(table.header), 'DE')
  expect(customers.map((c) => [c.line, c.revenueCents])).toEqual([
    [2, 10000],
    [5, 20050],
  ])
  expect(bad).toEqual([{ line: 6, reason: 'revenue "oops" is not an amount' }])
})

test.each([
  ['CRLF, LF inside quotes (Excel)', 'a;b\r\n1;"x\ny"\r\n2;z\r\n'],
  ['CRLF inside quotes too', 'a;b\r\n1;"x\r\ny"\r\n2;z\r\n'],
  ['CR only (old Mac)', 'a;b\r1;"x\ry"\r2;z\r'],
  ['LF, with umlauts and a blank line', 'a;b\n1;"ä\nü"\n\n2;z'],
])('line numbers are those of the file: %s', (_, text) => {
  const read = readCsv(text)
  if (!read.ok) throw new Error(read.error)
  const blank = text.includes('\n\n') ? 1 : 0
  expect(read.value.rows.map((r) => r.line)).toEqual([2, 4 + blank])
})

test('a tab-separated Shopify export', () => {
  const { table } = load('shopify-tab.csv')
  expect(table.delimiter).toBe('\t')
  const mapping = guessMapping(table.header)
  expect(mapping).toMatchObject({
    customerId: 'Customer ID',
    firstName: 'First Name',
    lastName: 'Last Name',
    email: 'Email',
    revenue: 'Total Spent',
    tags: 'Tags',
    postcode: 'Default Address Zip',
  })
  const { customers } = cleanRows(table, mapping, 'DE')
  expect(customers.map((c) => [c.name, c.revenueCents])).toEqual([
    ['Lena Vogel', 34990],
    ['Tom Becker', 129900],
  ])
})

test('a file with a broken quote cannot be read, naming the line', () => {
  const decoded = decodeCsv(fixture('broken.csv'))
  expect(decoded.ok).toBe(true)
  const read = readCsv(decoded.ok ? decoded.value.text : '')
  expect(read).toEqual({
    ok: false,
    error: expect.stringMatching(
      /^The file cannot be read \(line \d+\): .*Nothing was imported\.$/,
    ) as unknown,
  })
})

test.each([
  [[], 'The file is empty'],
  [[0x50, 0x4b, 0x03, 0x04, 0x00, 0x00], 'This is not a text file'],
  [[0xef, 0xbb, 0xbf, 0x61, 0xff], 'The file says it is UTF-8'],
])('undecodable bytes %j', (bytes, error) => {
  const r = decodeCsv(new Uint8Array(bytes))
  expect(r.ok).toBe(false)
  expect(r.ok ? '' : r.error).toContain(error)
})

test('rows with the wrong number of fields are bad rows', () => {
  const read = readCsv('id;Umsatz\n1;10\n2;20;x\n3\n')
  if (!read.ok) throw new Error(read.error)
  const { customers, bad } = cleanRows(read.value, { customerId: 'id', revenue: 'Umsatz' }, 'DE')
  expect(customers).toHaveLength(1)
  expect(bad).toEqual([
    { line: 3, reason: 'has 3 fields, the header has 2' },
    { line: 4, reason: 'has 1 field, the header has 2' },
  ])
})
