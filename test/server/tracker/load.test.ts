import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { loadTrackerBuild } from '../../../server/tracker/load'
import { buildTrackerVariants } from '../../helpers/tracker-build'

const dir = mkdtempSync(join(tmpdir(), 'spur-tracker-load-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

test.each([
  ['missing', join(dir, 'none.json'), /is not built .* run npm run build/],
  ['not JSON', file('bad.json', '{'), /is not valid JSON/],
  ['wrong shape', file('shape.json', '{"variants":1}'), /unexpected shape/],
  [
    'no default variant',
    file(
      'nodefault.json',
      JSON.stringify({ flags: [], defaultVariant: 'x', placeholders: {}, variants: { y: '' } }),
    ),
    /lacks the default variant/,
  ],
])('%s → an error naming the fix', (_name, path, message) => {
  const result = loadTrackerBuild(path)
  expect(result.ok).toBe(false)
  if (!result.ok) expect(result.error).toMatch(message)
})

test('the built variants load', () => {
  buildTrackerVariants()
  const result = loadTrackerBuild()
  expect(result.ok).toBe(true)
  if (result.ok) expect(Object.keys(result.value.variants)).toHaveLength(128)
})
