import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { cleanRows, type Customer } from '../../../server/segments/clean'
import { decodeCsv } from '../../../server/segments/decode'
import { editDistance, findDuplicates, mergeGroups } from '../../../server/segments/duplicates'
import { guessMapping } from '../../../server/segments/mapping'
import { readCsv } from '../../../server/segments/read-csv'

function customersOf(name: string) {
  const decoded = decodeCsv(
    new Uint8Array(readFileSync(new URL(`../../fixtures/crm/${name}`, import.meta.url))),
  )
  if (!decoded.ok) throw new Error(decoded.error)
  const read = readCsv(decoded.value.text)
  if (!read.ok) throw new Error(read.error)
  return cleanRows(read.value, guessMapping(read.value.header), 'DE').customers
}

test('finds duplicates across spellings and groups them for review', () => {
  const customers = customersOf('duplicates.csv')
  expect(customers).toHaveLength(8)
  const groups = findDuplicates(customers)
  expect(groups.map((g) => [g.id, g.reasons, g.members.map((m) => m.line)])).toEqual([
    // Same e-mail in another case, Müller/Mueller at one postcode, and the same phone
    // number written +49 30 … and 030 ….
    ['d2', ['company and postcode', 'e-mail', 'phone', 'similar name'], [2, 3, 9]],
    // "Schmidt & Co. KG" and "schmidt & co kg" at the same postcode.
    ['d4', ['company and postcode'], [4, 5]],
    // Meyer and Meier at one postcode; the Meyer at another postcode stays apart.
    ['d6', ['similar name'], [6, 7]],
  ])
})

test('merging adds revenue, joins tags and fills empty fields', () => {
  const customers = customersOf('duplicates.csv')
  const groups = findDuplicates(customers)
  const merged = mergeGroups(
    customers,
    groups.filter((g) => g.id !== 'd6'),
  )
  expect(merged).toHaveLength(5)
  expect(merged[0]).toMatchObject({
    lines: [2, 3, 9],
    revenueCents: 150500,
    tags: ['Garten', 'Werkzeug'],
    phone: '+49301234567',
    email: 'hans@mueller.de',
  })
  expect(merged.map((c) => [c.lines, c.revenueCents])).toEqual([
    [[2, 3, 9], 150500],
    [[4, 5], 50000],
    [[6], 10000],
    [[7], 5000],
    [[8], 1000],
  ])
})

test('the same phone number is a duplicate', () => {
  const base = customersOf('duplicates.csv')
  const a = base[2]
  const b = base[6]
  if (!a || !b) throw new Error('fixture changed')
  const groups = findDuplicates([
    a,
    { ...b, phone: '+4940123456' },
    {
      ...a,
      line: 99,
      customerId: '99',
      email: undefined,
      company: 'Other',
      name: 'Other',
      postcode: '',
      phone: '+4940123456',
    },
  ])
  expect(groups.map((g) => [g.reasons, g.members.map((m) => m.line)])).toEqual([
    [['phone'], [8, 99]],
  ])
})

test.each([
  ['meyer', 'meier', 1, 1],
  ['mueller', 'muller', 1, 1],
  ['schmidt', 'schmitt', 1, 1],
  ['anna', 'otto', 1, 2],
  ['abc', 'abcdef', 1, 2],
  ['', '', 1, 0],
])('editDistance(%s, %s, limit %i) = %i', (a, b, limit, d) => {
  expect(editDistance(a, b, limit)).toBe(d)
})

function customer(line: number, name: string, postcode = '10115'): Customer {
  return {
    line,
    lines: [line],
    customerId: '',
    company: '',
    name,
    email: undefined,
    phone: undefined,
    postcode,
    revenueCents: 0,
    tags: [],
  }
}

// docs/segments.md: names of 12+ letters two typing errors apart are duplicates, wherever the
// errors are — also one at each end, where neither the first nor the last letters agree.
test.each([
  ['Hildegard Sommerfeld', 'Jildegard Sommerfelt'],
  ['Hildegard Sommerfeld', 'ildegard Sommerfeldt'],
  ['Hildegard Sommerfeld', 'XHildegard Sommerfel'],
  ['Bartholomäus Ziegler', 'Partholomaeus Ziegle'],
  ['Konstantin Wagner', 'Konstantin Wagner-X'],
  ['Meyer', 'Meier'],
  ['Meyer', 'Meyr'],
])('%s and %s at one postcode are a group', (a, b) => {
  const groups = findDuplicates([customer(2, a), customer(3, b)])
  expect(groups.map((g) => [g.reasons, g.members.map((m) => m.line)])).toEqual([
    [['similar name'], [2, 3]],
  ])
})

test.each([
  ['Hildegard Sommerfeld', 'Jildegard Sommerfelt', '10117'],
  ['Hildegard Sommerfeld', 'Jildegart Sommerfelt', '10115'],
  ['Meyer', 'Maier', '10115'],
  ['Anna Weber', 'Anne Webel', '10115'],
])('%s and %s (postcode %s) stay apart', (a, b, postcode) => {
  expect(findDuplicates([customer(2, a), customer(3, b, postcode)])).toEqual([])
})

test('companies written in Greek or Cyrillic are told apart, and found again in capitals', () => {
  const company = (line: number, name: string) => ({ ...customer(line, ''), company: name })
  const groups = findDuplicates([
    company(2, 'Βιβλιοπωλείο Αθηνών'),
    company(3, 'Φαρμακείο Παπαδόπουλος'),
    company(4, 'ΒΙΒΛΙΟΠΩΛΕΙΟ ΑΘΗΝΩΝ'),
    company(5, 'Книжарница София'),
  ])
  expect(groups.map((g) => [g.reasons, g.members.map((m) => m.line)])).toEqual([
    [
      ['company and postcode', 'similar name'],
      [2, 4],
    ],
  ])
})
