const tails = new Map<string, Promise<unknown>>()

/**
 * Runs `task` after every earlier task with the same key has finished, so a read-check-write
 * (spend a 2FA code, accept an invitation, check that a name is free and then save it) is
 * never interleaved with another on the same key. ClickHouse has no row locks or unique keys;
 * with the embedded store all requests run in this one process, so a queue here is enough.
 * Keys name what they guard: `email:…`, `segments:<site>`, `goals:<site>`.
 */
export function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve()
  const run = previous.then(task, task)
  const tail = run.catch(() => undefined)
  tails.set(key, tail)
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key)
  })
  return run
}
