import type { MiddlewareHandler } from 'hono'
import type { Deps } from './deps'
import type { AppEnv } from './env'

/**
 * The dashboard's policy: everything from its own origin, no inline script, no framing. A
 * response that may be framed (an embed link) sets its own Content-Security-Policy with the
 * allowed frame-ancestors before this runs, and keeps it.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'"

// Features the dashboard never uses, switched off so injected content cannot ask for them.
const PERMISSIONS =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), ' +
  'payment=(), usb=(), interest-cohort=(), browsing-topics=()'

/** Headers for every dashboard and API response. */
export function securityHeaders(deps: Deps): MiddlewareHandler<AppEnv> {
  const httpsBase = deps.config.BASE_URL?.startsWith('https:') ?? false
  return async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
    c.header('Permissions-Policy', PERMISSIONS)
    c.header('Cross-Origin-Opener-Policy', 'same-origin')
    if (!c.res.headers.has('Cross-Origin-Resource-Policy'))
      c.header('Cross-Origin-Resource-Policy', 'same-origin')
    if (!c.res.headers.has('Content-Security-Policy'))
      c.header('Content-Security-Policy', DASHBOARD_CSP)
    if (
      !c.res.headers.has('X-Frame-Options') &&
      c.res.headers.get('Content-Security-Policy')?.includes("frame-ancestors 'none'")
    )
      c.header('X-Frame-Options', 'DENY')
    // API answers hold account and site data: never kept by a browser or proxy cache.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control'))
      c.header('Cache-Control', 'no-store')
    // RFC 6797: only sent over HTTPS; a TLS-terminating proxy is recognised by BASE_URL.
    if (httpsBase || new URL(c.req.url).protocol === 'https:')
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  }
}
