import type { EventEmitter } from 'node:events'
import type { Logger } from './log'

export interface ShutdownOptions {
  /** The orderly stop: stop taking requests, drain what was acknowledged, close the store. */
  close: () => Promise<void>
  log: Logger
  /** How long the orderly stop may take before the process exits anyway. */
  graceMs: number
  /** Where SIGTERM and SIGINT arrive (the process). */
  signals?: Pick<EventEmitter, 'on'>
  exit?: (code: number) => void
}

/**
 * A signal that repeats within this time is the same one delivered twice: Ctrl-C in a terminal
 * reaches both `npm start` and the server, and npm passes it on as well.
 */
const REPEAT_MS = 1000

/**
 * SIGTERM or SIGINT stops the server in order, and the process exits 0 once that is done.
 * It never waits forever: a stop that takes longer than `graceMs`, a second signal (more than
 * a second after the first), or a failed stop ends the process with 1. That loses nothing
 * acknowledged, since every 202 was synced to the spool first and the next start replays what
 * the store did not confirm.
 */
export function stopOnSignals(options: ShutdownOptions): void {
  const signals = options.signals ?? process
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const { log } = options
  let stopping = false
  let repeatsCount = false
  const onSignal = (signal: string) => {
    if (stopping) {
      if (!repeatsCount) return
      log.warn(
        { signal },
        'second signal while stopping: exiting now; the spool is replayed at the next start',
      )
      exit(1)
      return
    }
    stopping = true
    setTimeout(() => (repeatsCount = true), REPEAT_MS).unref()
    log.info({ signal }, 'stopping: finishing requests and draining the spool')
    const deadline = setTimeout(() => {
      log.error(
        { graceMs: options.graceMs },
        'stopping took too long: exiting now; the spool is replayed at the next start',
      )
      exit(1)
    }, options.graceMs)
    options.close().then(
      () => {
        clearTimeout(deadline)
        exit(0)
      },
      (error: unknown) => {
        clearTimeout(deadline)
        log.error(
          { err: { message: String(error) } },
          'stopping failed; the spool is replayed at the next start',
        )
        exit(1)
      },
    )
  }
  signals.on('SIGTERM', () => onSignal('SIGTERM'))
  signals.on('SIGINT', () => onSignal('SIGINT'))
}
