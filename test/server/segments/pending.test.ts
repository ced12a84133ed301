import { expect, test, vi } from 'vitest'
import { buildLabelsCsv } from '../../../server/segments/labels-csv'
import { PendingStore } from '../../../server/segments/pending'
import type { Customer } from '../../../server/segments/clean'
import type { Segment } from '../../../server/segments/repo'

test('pending entries expire, belong to one site and user, and are taken once', () => {
  const store = new PendingStore<{ siteId: number; userId: string; v: string }>(1000, 2)
  const id = store.put({ siteId: 1, userId: 'u', v: 'x' }, 0)
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
  expect(store.get(id, 2, 'u', 10)).toBeUndefined()
  expect(store.get(id, 1, 'other', 10)).toBeUndefined()
  expect(store.get(id, 1, 'u', 999)?.v).toBe('x')
  expect(store.get(id, 1, 'u', 1000)).toBeUndefined()
  const once = store.put({ siteId: 1, userId: 'u', v: 'y' }, 2000)
  expect(store.take(once, 1, 'u', 2001)?.v).toBe('y')
  expect(store.take(once, 1, 'u', 2002)).toBeUndefined()
})

test('a site keeps at most `perSite` entries; the oldest goes', () => {
  const store = new PendingStore<{ siteId: number; userId: string }>(1000, 2)
  const a = store.put({ siteId: 1, userId: 'u' }, 0)
  const b = store.put({ siteId: 1, userId: 'u' }, 1)
  const other = store.put({ siteId: 2, userId: 'u' }, 2)
  const c = store.put({ siteId: 1, userId: 'u' }, 3)
  expect(
    [a, b, c, other].map((id, i) => store.get(id, i === 3 ? 2 : 1, 'u', 4) !== undefined),
  ).toEqual([false, true, true, true])
})

test('an entry leaves memory when it expires, without waiting for another request', () => {
  vi.useFakeTimers()
  try {
    const store = new PendingStore<{ siteId: number; userId: string }>(15 * 60_000, 3)
    const kept = store.put({ siteId: 1, userId: 'u' }, 0)
    store.put({ siteId: 1, userId: 'u' }, 0)
    expect(store.take(kept, 1, 'u', 1)).toBeDefined()
    vi.advanceTimersByTime(15 * 60_000 - 1)
    expect(store.size).toBe(1)
    vi.advanceTimersByTime(1)
    expect(store.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  } finally {
    vi.useRealTimers()
  }
})

const customer = (over: Partial<Customer>): Customer => ({
  line: 2,
  lines: [2],
  customerId: '',
  company: '',
  name: '',
  email: undefined,
  phone: undefined,
  postcode: '',
  revenueCents: 0,
  tags: [],
  ...over,
})

test('the labelled list quotes fields and defuses spreadsheet formulas', () => {
  const segment = (name: string, kind: Segment['kind'], token: string, id = name): Segment => ({
    siteId: 1,
    id,
    name,
    kind,
    definition: {},
    token,
    members: 0,
    revenueCents: 0,
    position: 0,
    importedAt: 0,
    createdAt: 0,
  })
  const csv = buildLabelsCsv(
    [
      {
        customer: customer({
          customerId: '=HYPERLINK("x")',
          company: 'Semi;colon',
          name: 'Quote "Q"',
          email: 'a@b.de',
          postcode: '10115',
        }),
        abc: 'A',
        clusters: ['Garten', 'Holz'],
        rules: ['r1'],
      },
      {
        customer: customer({ line: 3, customerId: '-1', name: '@me', company: '+49' }),
        abc: 'C',
        clusters: [],
        rules: [],
      },
    ],
    [
      segment('A', 'abc', 'tokA'),
      segment('C', 'abc', 'tokC'),
      segment('Big', 'rule', 'tokR', 'r1'),
      // A rule named like a class (allowed before names A, B and C were reserved).
      segment('A', 'rule', 'tokRuleA', 'r2'),
    ],
    ';',
  )
  expect(csv).toBe(
    '\ufeffline;customer_id;company;name;email;postcode;abc;interests;segments;abc_token\r\n' +
      `2;"'=HYPERLINK(""x"")";"Semi;colon";"Quote ""Q""";a@b.de;10115;A;Garten | Holz;Big;tokA\r\n` +
      "3;'-1;'+49;'@me;;;C;;;tokC\r\n",
  )
})
