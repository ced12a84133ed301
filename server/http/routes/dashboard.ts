import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { Hono, type Context } from 'hono'
import { shareRoutes } from '../../shares/routes'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
}
// Built file names carry a content hash, so they never change and may be cached for a year.
const ASSET = /^\/assets\/(?:chunks\/)?[\w-]+\.(js|css)$/

/** dist/dashboard next to the server bundle, or under the working directory (tests, dev). */
function findDashboardDir(): string | undefined {
  const candidates = [
    fileURLToPath(new URL('../dashboard/', import.meta.url)),
    resolve(process.cwd(), 'dist/dashboard'),
  ]
  return candidates.find((dir) => existsSync(join(dir, 'index.html')))
}

/** The embed page may be framed by any site; every other dashboard page by none. */
export const EMBED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *"

/**
 * The dashboard single-page app: hashed assets with long caching, index.html for every other
 * GET outside /api (the app routes in the browser), shared links and their embed mode.
 */
export function dashboardRoutes(deps: Deps) {
  const cache = new Map<string, { raw: Buffer; gz: Buffer }>()
  let dir: string | undefined

  const read = (file: string) => {
    dir ??= findDashboardDir()
    if (!dir) return undefined
    const path = join(dir, file)
    if (!existsSync(path)) return undefined
    const raw = readFileSync(path)
    return { raw, gz: gzipSync(raw) }
  }
  const send = (c: Context<AppEnv>, file: { raw: Buffer; gz: Buffer }, type: string) => {
    c.header('Content-Type', type)
    c.header('Vary', 'Accept-Encoding')
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
    if (gzip) c.header('Content-Encoding', 'gzip')
    return c.body(new Uint8Array(gzip ? file.gz : file.raw))
  }
  const page = (c: Context<AppEnv>, embed = false) => {
    const html = read('index.html')
    if (!html)
      return c.text('The dashboard is not built yet: run `npm run build`, then reload.', 503)
    c.header('Cache-Control', 'no-cache')
    if (embed) c.header('Content-Security-Policy', EMBED_CSP)
    return send(c, html, TYPES.html ?? '')
  }

  return new Hono<AppEnv>()
    .route('/', shareRoutes(deps))
    .get('/assets/*', (c) => {
      if (!ASSET.test(c.req.path)) return c.text('Not found', 404)
      let file = cache.get(c.req.path)
      if (!file) {
        file = read(c.req.path.slice(1))
        if (!file) return c.text('Not found', 404)
        cache.set(c.req.path, file)
      }
      c.header('Cache-Control', 'public, max-age=31536000, immutable')
      return send(c, file, TYPES[c.req.path.split('.').pop() ?? ''] ?? 'application/octet-stream')
    })
    .get('/favicon.svg', (c) => {
      const file = read('favicon.svg')
      if (!file) return c.text('Not found', 404)
      c.header('Cache-Control', 'public, max-age=86400')
      return send(c, file, TYPES.svg ?? '')
    })
    .get('/share/:token', (c) => {
      c.header('X-Robots-Tag', 'noindex, nofollow')
      return page(c, c.req.query('embed') === '1')
    })
    .get('*', async (c, next) => {
      if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next()
      return page(c)
    })
}
