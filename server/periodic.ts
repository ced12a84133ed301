/**
 * Runs `job` `firstMs` after start and then every `everyMs`, never twice at once (a tick that
 * finds the previous run still going is skipped). A failure goes to `onError` and the next
 * tick runs as usual. The timers do not keep the process alive. Returns a function that stops
 * it.
 */
export function startPeriodicJob(options: {
  firstMs: number
  everyMs: number
  job: () => Promise<unknown>
  onError: (error: unknown) => void
}): () => void {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    options
      .job()
      .catch(options.onError)
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(tick, options.firstMs)
  const every = setInterval(tick, options.everyMs)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
