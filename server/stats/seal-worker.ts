import type { Logger } from '../log'
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
  let running = false
  const tick = () => {
    if (running) return
    running = true
    const started = performance.now()
    sealFinishedDays(deps.store, deps.now())
      .then((days) => {
        if (days > 0)
          deps.log.info(
            { days, ms: Math.round(performance.now() - started) },
            'stats: counted finished days',
          )
      })
      .catch((error: unknown) =>
        deps.log.error({ err: String(error) }, 'stats: counting finished days failed'),
      )
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(tick, MINUTE)
  const every = setInterval(tick, 10 * MINUTE)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
