/**
 * Per-client token buckets: `burst` hits at once, refilled at `perSecond`. Keyed by the client
 * address in memory only; buckets that are full again are forgotten.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key` at `now`; false when the client is over its limit. */
  take(key: string, now: number): boolean {
    if (this.perSecond <= 0) return true
    const b = this.buckets.get(key)
    const tokens = b
      ? Math.min(this.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * this.perSecond)
      : this.burst
    if (tokens < 1) {
      if (b) {
        b.tokens = tokens
        b.at = now
      }
      return false
    }
    if (b) {
      // Updated in place: a new object per hit would outlive the young generation.
      b.tokens = tokens - 1
      b.at = now
      return true
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    if (this.buckets.size > 100_000) this.sweep(now)
    return true
  }

  /** Forgets clients whose bucket has refilled. */
  sweep(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key)
  }
}
