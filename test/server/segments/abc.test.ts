import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { classifyAbc } from '../../../server/segments/abc'
import { cleanRows } from '../../../server/segments/clean'
import { decodeCsv } from '../../../server/segments/decode'
import { readCsv } from '../../../server/segments/read-csv'
import { segmentCustomers } from '../../../server/segments/segment'

test('the known data set splits exactly, ties at both lines sharing the better class', () => {
  const decoded = decodeCsv(
    new Uint8Array(readFileSync(new URL('../../fixtures/crm/abc-known.csv', import.meta.url))),
  )
  if (!decoded.ok) throw new Error(decoded.error)
  const read = readCsv(decoded.value.text)
  if (!read.ok) throw new Error(read.error)
  const { customers, bad } = cleanRows(read.value, { customerId: 'id', revenue: 'Umsatz' }, 'DE')
  expect(bad).toEqual([])
  const result = segmentCustomers(customers, {
    thresholds: { a: 80, b: 95 },
    clusterMin: 1,
    clusterLimit: 10,
    rules: [],
  })
  expect(Object.fromEntries(result.labelled.map((l) => [l.customer.customerId, l.abc]))).toEqual({
    a1: 'A',
    a2: 'A',
    a3: 'A',
    t1: 'A',
    t2: 'A',
    b1: 'B',
    b2: 'B',
    b3: 'B',
    u1: 'B',
    u2: 'B',
    u3: 'B',
    c1: 'C',
    c2: 'C',
    c3: 'C',
  })
  expect(result.abc).toEqual({
    A: { members: 5, revenueCents: 8_500_000 },
    B: { members: 6, revenueCents: 1_350_000 },
    C: { members: 3, revenueCents: 150_000 },
  })
  expect(result.revenueCents).toBe(10_000_000)
})

test.each([
  // Exactly 80 % reached before the third: it is B (A holds the first 80 %, no more).
  [[50, 30, 10, 10], { a: 80, b: 95 }, ['A', 'A', 'B', 'B']],
  // The largest customer is A even when it alone is 90 %.
  [[90, 5, 5], { a: 80, b: 95 }, ['A', 'B', 'B']],
  // All equal: one tie block, all A.
  [[10, 10, 10, 10], { a: 80, b: 95 }, ['A', 'A', 'A', 'A']],
  // Input order does not matter.
  [[10, 30, 50, 10], { a: 80, b: 95 }, ['B', 'A', 'A', 'B']],
  // Zero revenue is C; all zero is all C.
  [[100, 0], { a: 80, b: 95 }, ['A', 'C']],
  [[0, 0], { a: 80, b: 95 }, ['C', 'C']],
  // Thresholds with a decimal: 70.5 %.
  [[705, 295], { a: 70.5, b: 90 }, ['A', 'B']],
  [[706, 294], { a: 70.5, b: 90 }, ['A', 'B']],
  [[704, 200, 96], { a: 70.5, b: 90 }, ['A', 'A', 'C']],
])('%j with %j → %j', (revenue, thresholds, classes) => {
  expect(classifyAbc(revenue, thresholds)).toEqual(classes)
})
