import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { parseConfig, type Config } from '../../../server/config'
import { trackerSnippetFor, trackerSrcFor, trackerStubFor } from '../../../server/tracker/snippet'

const config = (env: Record<string, string> = {}): Config => {
  const parsed = parseConfig(env, '/nonexistent')
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}

describe('trackerSrcFor', () => {
  test.each<[Record<string, string>, string, string]>([
    [{}, 'http://localhost:8000', 'http://localhost:8000/js/script.js?d=example.com'],
    [{}, 'http://localhost:8000/', 'http://localhost:8000/js/script.js?d=example.com'],
    [
      { BASE_URL: 'https://stats.example.com/', TRACKER_PATH: '/assets/app-7.js' },
      'http://internal:8000',
      'https://stats.example.com/assets/app-7.js?d=example.com',
    ],
  ])('%j from %s → %s', (env, origin, src) => {
    expect(trackerSrcFor(config(env), { domain: 'example.com' }, origin)).toBe(src)
  })
})

test('trackerSnippetFor gives the tag to paste, attributes escaped', () => {
  expect(trackerSnippetFor(config(), { domain: 'example.com' }, 'https://s.example')).toBe(
    '<script defer data-domain="example.com" src="https://s.example/js/script.js?d=example.com"></script>',
  )
  expect(trackerSnippetFor(config(), { domain: 'a"b' }, 'https://s.example')).toBe(
    '<script defer data-domain="a&quot;b" src="https://s.example/js/script.js?d=a%22b"></script>',
  )
})

test('trackerStubFor queues calls under the configured function name', () => {
  const stub = trackerStubFor(config({ TRACKER_FUNCTION: 'ga7' }))
  expect(stub).toBe(
    '<script>window.ga7=window.ga7||function(){(window.ga7.q=window.ga7.q||[]).push(arguments)}</script>',
  )
  const win: Record<string, unknown> = {}
  runInNewContext(stub.replace(/<\/?script>/g, ''), { window: win })
  const fn = win.ga7 as ((...a: unknown[]) => void) & { q?: unknown[][] }
  fn('Signup', { props: { a: 1 } })
  expect(fn.q?.map((args) => [...args])).toEqual([['Signup', { props: { a: 1 } }]])
})
