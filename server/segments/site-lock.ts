import { oneAtATime } from '../one-at-a-time'

/**
 * Runs `change` after every earlier change of the site's segments has finished. Each change
 * reads the segments, then writes new versions of them; two at once would write over each
 * other (a token rotated during an import came back, a name checked free was taken twice).
 * One process holds a site's imports (docs/segments.md), so a lock in memory is enough.
 */
export const withSegmentLock = <T>(siteId: number, change: () => Promise<T>): Promise<T> =>
  oneAtATime(`segments:${siteId}`, change)
