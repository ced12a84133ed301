import type { Logger } from '../log'
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
}): () => void {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    enforceRetention(deps.store, deps.now(), deps.log)
      .catch((error: unknown) =>
        deps.log.error({ err: String(error) }, 'retention: enforcing the limits failed'),
      )
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(tick, 5 * 60_000)
  const every = setInterval(tick, 6 * HOUR)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
