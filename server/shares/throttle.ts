/**
 * Counts wrong passwords per shared link in memory, so a link's password cannot be guessed
 * at speed: after MAX_FAILURES within WINDOW_MS further attempts are refused until the
 * window passes.
 */
export const MAX_FAILURES = 10
export const WINDOW_MS = 15 * 60_000

export class ShareThrottle {
  private readonly failures = new Map<number, number[]>()

  blocked(siteId: number, now: number): boolean {
    return this.recent(siteId, now).length >= MAX_FAILURES
  }

  fail(siteId: number, now: number) {
    this.failures.set(siteId, [...this.recent(siteId, now), now])
  }

  private recent(siteId: number, now: number): number[] {
    return (this.failures.get(siteId) ?? []).filter((t) => now - t < WINDOW_MS)
  }
}
