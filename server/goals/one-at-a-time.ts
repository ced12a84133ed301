const tails = new Map<number, Promise<unknown>>()

/**
 * Runs one site's goal changes one after another in this process, so that "is the name in
 * use?" and the write that follows are not interleaved with a second request's (the store
 * has no unique constraints to catch it).
 */
export function oneAtATime<T>(siteId: number, work: () => Promise<T>): Promise<T> {
  const run = (tails.get(siteId) ?? Promise.resolve()).then(work, work)
  const tail = run.catch(() => undefined)
  tails.set(siteId, tail)
  void tail.then(() => {
    if (tails.get(siteId) === tail) tails.delete(siteId)
  })
  return run
}
