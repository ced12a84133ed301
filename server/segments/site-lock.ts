const tails = new Map<number, Promise<void>>()

/**
 * Runs `change` after every earlier change of the site's segments has finished. Each change
 * reads the segments, then writes new versions of them; two at once would write over each
 * other (a token rotated during an import came back, a name checked free was taken twice).
 * One process holds a site's imports (docs/segments.md), so a lock in memory is enough.
 */
export function withSegmentLock<T>(siteId: number, change: () => Promise<T>): Promise<T> {
  const run = (tails.get(siteId) ?? Promise.resolve()).then(change)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  tails.set(siteId, tail)
  void tail.then(() => {
    if (tails.get(siteId) === tail) tails.delete(siteId)
  })
  return run
}
