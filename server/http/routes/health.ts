import { Hono } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

/** Liveness and readiness: 200 with the store's state, 503 when the store does not answer. */
export function healthRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/healthz', async (c) => {
    const reachable = await deps.store.ping()
    return c.json(
      { status: reachable ? 'ok' : 'degraded', store: { kind: deps.store.kind, reachable } },
      reachable ? 200 : 503,
    )
  })
}
