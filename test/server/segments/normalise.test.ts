import { expect, test } from 'vitest'
import { guessMapping } from '../../../server/segments/mapping'
import {
  foldName,
  normaliseCase,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  splitTags,
} from '../../../server/segments/normalise'

test.each([
  ['  Max.Mustermann@Example.DE ', 'max.mustermann@example.de'],
  ['mailto:Info@Firma.de', 'info@firma.de'],
  ['no-at-sign.example.de', undefined],
  ['a@b', undefined],
  ['two@@example.de', undefined],
])('normaliseEmail(%j) = %j', (input, out) => {
  expect(normaliseEmail(input)).toBe(out)
})

test.each([
  ['0170 1234567', 'DE', '+491701234567'],
  ['+49 (0)30 123456', 'DE', '+4930123456'],
  ['030/123456', 'DE', '+4930123456'],
  ['0043 1 5880', 'DE', '+4315880'],
  ['020 7946 0958', 'GB', '+442079460958'],
  ['12', 'DE', undefined],
  ['call me', 'DE', undefined],
] as const)('normalisePhone(%j, %s) = %j', (input, region, out) => {
  expect(normalisePhone(input, region)).toBe(out)
})

test.each([
  ['D-10115', '10115'],
  [' 80 331 ', '80331'],
  ['sw1a 1aa', 'SW1A1AA'],
  ['1010', '1010'],
])('normalisePostcode(%j) = %j', (input, out) => {
  expect(normalisePostcode(input)).toBe(out)
})

test.each([
  ['MÜLLER GMBH', 'Müller Gmbh'],
  ['anna-lena schäfer', 'Anna-Lena Schäfer'],
  ['McDonald', 'McDonald'],
  ['  Peter   Weiß ', 'Peter Weiß'],
])('normaliseCase(%j) = %j', (input, out) => {
  expect(normaliseCase(input)).toBe(out)
})

test.each([
  ['Müller', 'Mueller', false],
  ['Straße', 'Strasse', false],
  ['Zoë Ångström', 'Zoe Angstroem', false],
  ['Schmidt & Co. KG', 'schmidt co kg', false],
  ['Müller GmbH', 'Mueller', true],
  ['Bäckerei Schäfer e.K.', 'Baeckerei Schaefer', true],
])('foldName(%j) equals foldName(%j) (legal forms dropped: %s)', (a, b, drop) => {
  expect(foldName(a, drop)).toBe(foldName(b, drop))
})

// Greek and Cyrillic (Bulgarian) are EU scripts: their letters are letters, not punctuation.
test.each([
  ['Книги', 'Игрушки', false],
  ['Βιβλιοπωλείο Αθηνών', 'Φαρμακείο Παπαδόπουλος', true],
  ['Søren', 'Sven', false],
  ['Łódź', 'Lodz x', false],
])('foldName(%j) differs from foldName(%j) (legal forms dropped: %s)', (a, b, drop) => {
  expect(foldName(a, drop)).not.toBe(foldName(b, drop))
})

test.each([
  ['ΒΙΒΛΙΟΠΩΛΕΙΟ ΑΘΗΝΩΝ', 'Βιβλιοπωλείο Αθηνών'],
  ['КНИГИ', 'книги'],
  ['Łódź GmbH', 'łódź'],
])('foldName(%j) equals foldName(%j) in other scripts', (a, b) => {
  expect(foldName(a, true)).toBe(foldName(b, true))
})

test.each([
  ['Garten, Werkzeug', ['Garten', 'Werkzeug']],
  ['Garten; garten | Holz/Metall', ['Garten', 'Holz', 'Metall']],
  ['  ', []],
  ['Книги, Игрушки', ['Книги', 'Игрушки']],
  ['Βιβλία | ΒΙΒΛΙΑ', ['Βιβλία']],
  ['Garten, ---, ★', ['Garten']],
])('splitTags(%j) = %j', (input, out) => {
  expect(splitTags(input)).toEqual(out)
})

test.each([
  [
    ['Kd.-Nr.', 'Firma', 'E-Mail-Adresse', 'PLZ', 'Umsatz 2025 (netto)'],
    {
      customerId: 'Kd.-Nr.',
      company: 'Firma',
      email: 'E-Mail-Adresse',
      postcode: 'PLZ',
      revenue: 'Umsatz 2025 (netto)',
    },
  ],
  [
    ['Vorname', 'Nachname', 'Telefonnummer', 'Warengruppen'],
    { firstName: 'Vorname', lastName: 'Nachname', phone: 'Telefonnummer', tags: 'Warengruppen' },
  ],
  [
    ['Record ID', 'Company name', 'Email', 'Postal Code', 'Lifetime value'],
    {
      customerId: 'Record ID',
      company: 'Company name',
      email: 'Email',
      postcode: 'Postal Code',
      revenue: 'Lifetime value',
    },
  ],
  [['Spalte 1', 'Spalte 2'], {}],
])('guessMapping(%j)', (header, mapping) => {
  expect(guessMapping(header)).toEqual(mapping)
})
