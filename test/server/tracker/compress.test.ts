import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import {
  chooseEncoding,
  etagOf,
  notModified,
  prepareScript,
} from '../../../server/tracker/compress'

describe('chooseEncoding', () => {
  test.each<[string | undefined, string]>([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0, gzip;q=0.5', 'gzip'],
    ['deflate', 'identity'],
  ])('%j → %s', (header, encoding) => {
    expect(chooseEncoding(header)).toBe(encoding)
  })
})

describe('prepareScript', () => {
  const script = prepareScript('(()=>{console.log("x")})();')

  test('both compressed bodies decompress to the script', () => {
    expect(gunzipSync(script.gzip).toString()).toBe('(()=>{console.log("x")})();')
    expect(brotliDecompressSync(script.br).toString()).toBe('(()=>{console.log("x")})();')
  })

  test('each encoding has its own strong ETag derived from the content', () => {
    expect(script.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/)
    expect(etagOf(script, 'identity')).toBe(script.etag)
    expect(etagOf(script, 'gzip')).toBe(`${script.etag.slice(0, -1)}-gzip"`)
    expect(etagOf(script, 'br')).toBe(`${script.etag.slice(0, -1)}-br"`)
    expect(prepareScript('other').etag).not.toBe(script.etag)
    expect(prepareScript('(()=>{console.log("x")})();').etag).toBe(script.etag)
  })

  test.each<[string | undefined, boolean]>([
    [undefined, false],
    ['"nope"', false],
    ['*', true],
  ])('If-None-Match %j → %s', (header, expected) => {
    expect(notModified(script, header)).toBe(expected)
  })

  test('If-None-Match with any encoding tag, weak or in a list, matches', () => {
    expect(notModified(script, etagOf(script, 'gzip'))).toBe(true)
    expect(notModified(script, `"a", W/${etagOf(script, 'br')}`)).toBe(true)
  })
})
