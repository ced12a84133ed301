import { Hono } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

/**
 * Liveness and readiness: 200 with the store's state, spool depth and writer lag; 503 when the
 * store does not answer.
 */
export function healthRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/healthz', async (c) => {
    const reachable = await deps.store.ping()
    const ingest = deps.ingest.status()
    return c.json(
      {
        status: reachable ? 'ok' : 'degraded',
        store: { kind: deps.store.kind, reachable },
        spool: { bytes: ingest.spoolBytes, events: ingest.spoolEvents },
        writer: { lagMs: ingest.writerLagMs },
      },
      reachable ? 200 : 503,
    )
  })
}
