import { Hono } from 'hono'
import { loadTrackerBuild } from '../../tracker/load'
import { scriptResponse } from '../../tracker/respond'
import { TrackerScripts } from '../../tracker/scripts'
import { SiteSnapshot } from '../../tracker/site-snapshot'
import { DEFAULT_TRACKER_PATH, SITE_QUERY_PARAM } from '../../tracker/snippet'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

/**
 * The tracker script at TRACKER_PATH and each of TRACKER_ALIASES (GET and HEAD), with the
 * variant of the site named by `?d=` or the default one. Nothing is served at paths that
 * are not configured, so renamed defaults answer 404.
 */
export function trackerRoutes(deps: Deps) {
  const app = new Hono<AppEnv>()
  const paths = [deps.config.TRACKER_PATH, ...deps.config.TRACKER_ALIASES]
  // Renamed: the well-known default path must not answer (the dashboard would otherwise
  // serve its index page there), so block lists probing it learn nothing.
  if (!paths.includes(DEFAULT_TRACKER_PATH))
    app.get(DEFAULT_TRACKER_PATH, (c) => c.text('Not found', 404))
  const loaded = loadTrackerBuild()
  if (!loaded.ok) {
    deps.log.warn(loaded.error)
    for (const path of paths) app.get(path, (c) => c.text(loaded.error, 503))
    return app
  }
  const scripts = new TrackerScripts(loaded.value, deps.config)
  const sites = new SiteSnapshot(deps.store, deps.now, deps.log)
  for (const path of paths)
    app.get(path, async (c) => {
      const domain = c.req.query(SITE_QUERY_PARAM)
      const settings = domain ? await sites.settingsFor(domain) : undefined
      return scriptResponse(scripts.forSettings(settings), {
        acceptEncoding: c.req.header('accept-encoding'),
        ifNoneMatch: c.req.header('if-none-match'),
      })
    })
  return app
}
