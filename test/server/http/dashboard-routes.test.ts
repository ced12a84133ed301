import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  // The routes serve the built dashboard (node scripts/build.js runs before the tests).
  if (!existsSync('dist/dashboard/index.html'))
    expect(spawnSync(process.execPath, ['dashboard/build.js']).status).toBe(0)
  t = await createTestApp()
})
afterAll(() => t.cleanup())

const get = (path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(t.app.request(path, { headers }))

describe('dashboard routes', () => {
  test.each(['/', '/login', '/sites/shop.example.de', '/sites/a.de/settings?tab=goals'])(
    'GET %s is the app shell, not cached, not frameable',
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(await res.text()).toContain('<div id="app"></div>')
    },
  )

  test('unknown API paths stay JSON 404s', async () => {
    const res = await get('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'No such endpoint: GET /api/nothing-here' })
  })

  test('hashed assets are cached for a year and gzip-encoded on request', async () => {
    const html = readFileSync('dist/dashboard/index.html', 'utf8')
    const js = /src="(\/assets\/main-[\w]+\.js)"/.exec(html)?.[1] ?? ''
    expect(js).not.toBe('')
    const res = await get(js, { 'accept-encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBe('gzip')
  })

  test('an unknown asset is a 404', async () => {
    expect((await get('/assets/nope.js')).status).toBe(404)
  })

  // URL parsing resolves dot segments first, so these reach the app shell, never the file.
  test.each(['/assets/../sizes.json', '/assets/%2e%2e/sizes.json'])(
    '%s does not reach a file outside assets',
    async (path) => {
      const res = await get(path)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await res.text()).not.toContain('initialJsGzip')
    },
  )

  test('a shared link page is not indexed; only its embed mode may be framed', async () => {
    const plain = await get('/share/abcdefghijklmnopqrstuvwxyz012345')
    expect(plain.status).toBe(200)
    expect(plain.headers.get('x-robots-tag')).toBe('noindex, nofollow')
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const embed = await get('/share/abcdefghijklmnopqrstuvwxyz012345?embed=1')
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *')
    expect(embed.headers.get('x-frame-options')).toBeNull()
  })
})
