import { expect, test } from 'vitest'
import { newToken } from '../../../server/segments/repo'

test('a campaign token is 16 URL-safe characters and never begins with "-" (a formula in a spreadsheet)', () => {
  // One in 64 random base64url strings begins with "-": among 5,000, some would.
  const tokens = Array.from({ length: 5000 }, newToken)
  expect(tokens.filter((t) => !/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/.test(t))).toEqual([])
  expect(new Set(tokens).size).toBe(5000)
})
