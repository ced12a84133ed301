import { Hono } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

/** GET /metrics: the collector's counters in Prometheus text format. */
export function metricsRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/metrics', (c) => {
    const s = deps.ingest.status()
    const text = deps.ingest.metrics.render({
      spoolBytes: s.spoolBytes,
      spoolEvents: s.spoolEvents,
      writerLagSeconds: s.writerLagMs / 1000,
      visits: s.visits,
      syncs: s.syncs,
      syncSeconds: s.syncSeconds,
    })
    return c.text(text, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
}
