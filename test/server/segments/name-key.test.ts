import { afterAll, beforeAll, expect, test } from 'vitest'
import { segmentNameKey, segmentNameKeySql } from '../../../server/segments/name-key'
import { openTestStore, type TestStore } from '../../helpers/store'

let db: TestStore
beforeAll(async () => {
  db = await openTestStore()
})
afterAll(() => db.cleanup())

// Spellings of one segment name that must meet, and names that must stay apart. The resolver
// folds in JavaScript, the Stats API's case-insensitive segment filter in ClickHouse: the same
// table runs against both.
const SAME: Array<[string, string]> = [
  ['Müller', 'MÜLLER'],
  ['Müller', 'mu\u0308ller'],
  ['ΟΔΟΣ', 'οδοσ'],
  ['ΟΔΟΣ', 'Οδος'],
  ['Σας', 'ΣΑΣ'],
  ['İzmir', 'IZMIR'],
  ['İzmir', 'izmir'],
  ['İSTANBUL', 'istanbul'],
  ['Großkunden', 'GROSSKUNDEN'],
  ['Großkunden', 'GROẞKUNDEN'],
  ['Garten', 'garten'],
]
const APART: Array<[string, string]> = [
  ['Müller', 'Muller'],
  ['Ozean', 'Özean'],
  ['ızmir', 'izmir'],
  ['A', 'B'],
]

async function sqlKeys(values: string[]): Promise<string[]> {
  const rows = await db.store.reader.query<{ k: string }>(
    'foldProbe',
    `SELECT ${segmentNameKeySql('v')} AS k FROM (SELECT arrayJoin({values:Array(String)}) AS v)`,
    { values },
  )
  return rows.map((r) => r.k)
}

test.each(SAME)('%s and %s are one name in JavaScript and in ClickHouse', async (a, b) => {
  expect(segmentNameKey(a)).toBe(segmentNameKey(b))
  const [ka, kb] = await sqlKeys([a, b])
  expect(ka).toBe(kb)
  expect(ka).toBe(segmentNameKey(a))
})

test.each(APART)('%s and %s stay two names in JavaScript and in ClickHouse', async (a, b) => {
  expect(segmentNameKey(a)).not.toBe(segmentNameKey(b))
  const [ka, kb] = await sqlKeys([a, b])
  expect([ka, kb]).toEqual([segmentNameKey(a), segmentNameKey(b)])
})
