import { expect, test } from 'vitest'
import { isSpamReferrer } from '../../../server/collect/spam'

test.each([
  ['http://semalt.com/', true],
  ['https://www.semalt.com/crawler', true],
  ['https://sub.darodar.com/x', true],
  ['https://buttons-for-website.com', true],
  ['https://www.google.com/', false],
  ['https://notsemalt.com/', false],
  ['', false],
  ['not a url', false],
])('%s → %s', (referrer, expected) => {
  expect(isSpamReferrer(referrer)).toBe(expected)
})
