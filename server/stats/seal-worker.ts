import type { Logger } from '../log'
import { startPeriodicJob } from '../periodic'
import type { Store } from '../store'
import { sealFinishedDays } from './seal-days'

const MINUTE = 60_000

/**
 * Counts finished days a minute after start and then every ten minutes, so a day is counted
 * soon after its salt is gone, and a day changed by late data or an erasure soon again.
 * Returns a function that stops it.
 */
export function startSealWorker(deps: {
  store: Store
  now: () => number
  log: Logger
}): () => void {
  return startPeriodicJob({
    firstMs: MINUTE,
    everyMs: 10 * MINUTE,
    job: async () => {
      const started = performance.now()
      const days = await sealFinishedDays(deps.store, deps.now())
      if (days > 0)
        deps.log.info(
          { days, ms: Math.round(performance.now() - started) },
          'stats: counted finished days',
        )
    },
    onError: (error) =>
      deps.log.error({ err: String(error) }, 'stats: counting finished days failed'),
  })
}
