/**
 * Counts wrong passwords per shared link in memory, so a link's password cannot be guessed
 * at speed: after MAX_FAILURES within WINDOW_MS further attempts are refused until the
 * window passes.
 */
export const MAX_FAILURES = 10
export const WINDOW_MS = 15 * 60_000

export class ShareThrottle {
  private readonly failures = new Map<number, number[]>()

  /**
   * Counts an attempt as a failure before its password is checked, so attempts sent at once
   * cannot all pass the limit while the slow hash runs; false when the link is blocked.
   */
  attempt(siteId: number, now: number): boolean {
    const recent = this.recent(siteId, now)
    if (recent.length >= MAX_FAILURES) return false
    this.failures.set(siteId, [...recent, now])
    return true
  }

  /** Milliseconds until a blocked link takes attempts again (its oldest failure leaves the window). */
  waitMs(siteId: number, now: number): number {
    const recent = this.recent(siteId, now)
    const oldest = recent[recent.length - MAX_FAILURES]
    return oldest === undefined ? 0 : Math.max(0, oldest + WINDOW_MS - now)
  }

  /** The attempt made at `at` had the right password: it is not a failure. */
  succeeded(siteId: number, at: number) {
    const times = this.failures.get(siteId) ?? []
    const i = times.lastIndexOf(at)
    if (i >= 0) this.failures.set(siteId, times.toSpliced(i, 1))
  }

  private recent(siteId: number, now: number): number[] {
    return (this.failures.get(siteId) ?? []).filter((t) => now - t < WINDOW_MS)
  }
}
