import { spoolDirIn } from '../ingest/options'
import { setAsideDirOf } from '../ingest/set-aside'
import type { Logger } from '../log'
import { startPeriodicJob } from '../periodic'
import type { Store } from '../store'
import { enforceRetention } from './retention'

const HOUR = 3600_000

/**
 * Enforces retention a few minutes after start and then every six hours, so data passes its
 * limit by at most a quarter of a day. Returns a function that stops it.
 */
export function startRetentionWorker(deps: {
  store: Store
  now: () => number
  log: Logger
  dataDir: string
}): () => void {
  const setAsideDir = setAsideDirOf(spoolDirIn(deps.dataDir))
  return startPeriodicJob({
    firstMs: 5 * 60_000,
    everyMs: 6 * HOUR,
    job: () => enforceRetention(deps.store, deps.now(), deps.log, setAsideDir),
    onError: (error) =>
      deps.log.error({ err: String(error) }, 'retention: enforcing the limits failed'),
  })
}
