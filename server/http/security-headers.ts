import type { MiddlewareHandler } from 'hono'
import type { Deps } from './deps'
import type { AppEnv } from './env'

/** Headers for every dashboard and API response. */
export function securityHeaders(deps: Deps): MiddlewareHandler<AppEnv> {
  const https = deps.config.BASE_URL?.startsWith('https:') ?? false
  return async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
    if (!c.res.headers.has('Content-Security-Policy'))
      c.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      )
    if (
      !c.res.headers.has('X-Frame-Options') &&
      c.res.headers.get('Content-Security-Policy')?.includes("frame-ancestors 'none'")
    )
      c.header('X-Frame-Options', 'DENY')
    if (https) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  }
}
