import { Hono } from 'hono'
import type { SetupState } from '../accounts/setup'
import { checkCsrf, loadSession } from './auth'
import type { Deps } from './deps'
import type { AppEnv } from './env'
import { HttpError } from './errors'
import { accountsRoutes } from './routes/accounts'
import { authRoutes } from './routes/auth'
import { collectRoutes } from './routes/collect'
import { dashboardRoutes } from './routes/dashboard'
import { healthRoutes } from './routes/health'
import { metricsRoutes } from './routes/metrics'
import { privacyRoutes } from './routes/privacy'
import { segmentsRoutes } from './routes/segments'
import { sitesRoutes } from './routes/sites'
import { statsRoutes } from './routes/stats'
import { trackerRoutes } from './routes/tracker'
import { securityHeaders } from './security-headers'

/**
 * The whole HTTP surface. Visitor-facing routes (tracker script, collect endpoint) come
 * first and never touch the dashboard session; everything under /api after them does.
 */
export function createApp(deps: Deps, setup: SetupState) {
  const app = new Hono<AppEnv>()
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      // RFC 9110 §10.2.3: a 429 that says how long to wait says it in Retry-After too.
      const retryAfter = error.details?.retryAfter
      if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter))
      return c.json({ error: error.message, ...error.details }, error.status)
    }
    deps.log.error(
      { err: { message: error.message, stack: error.stack }, route: c.req.routePath },
      'request failed',
    )
    return c.json({ error: 'Internal error; the server log has the details' }, 500)
  })
  app.route('/', trackerRoutes(deps))
  app.route('/', collectRoutes(deps))
  app.route('/', healthRoutes(deps))
  app.route('/', metricsRoutes(deps))

  const api = new Hono<AppEnv>()
  api.use('*', securityHeaders(deps))
  api.use('*', loadSession(deps))
  api.use('*', checkCsrf(deps))
  api.route('/', authRoutes(deps, setup))
  api.route('/', accountsRoutes(deps))
  api.route('/', sitesRoutes(deps))
  api.route('/', segmentsRoutes(deps))
  api.route('/', statsRoutes(deps))
  api.route('/', privacyRoutes(deps))
  api.route('/', dashboardRoutes(deps))
  api.all('/api/*', (c) =>
    c.json({ error: `No such endpoint: ${c.req.method} ${c.req.path}` }, 404),
  )
  app.route('/', api)
  return app
}

export type App = ReturnType<typeof createApp>
