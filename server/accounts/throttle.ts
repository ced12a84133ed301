/**
 * Slows down password guessing. Failed logins are counted per account (by the e-mail typed,
 * whether or not it exists, so the answer never tells) and per client. After a few free
 * attempts each further failure doubles the wait, up to a ceiling; a success clears the
 * account's count. Kept in memory: a restart forgets it, which an attacker cannot trigger.
 */
export interface ThrottlePolicy {
  /** Failures allowed before waiting starts. */
  free: number
  /** Wait after the first failure beyond `free`, doubling with each further one. */
  baseMs: number
  maxMs: number
  /** A count is forgotten this long after the last failure. */
  forgetMs: number
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  free: 5,
  baseMs: 30_000,
  maxMs: 15 * 60_000,
  forgetMs: 24 * 3600_000,
}
export const CLIENT_POLICY: ThrottlePolicy = {
  free: 20,
  baseMs: 30_000,
  maxMs: 15 * 60_000,
  forgetMs: 24 * 3600_000,
}

interface Entry {
  failures: number
  last: number
  blockedUntil: number
}

const MAX_ENTRIES = 100_000

export class Throttle {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly policy: ThrottlePolicy) {}

  /** Milliseconds the key must still wait, 0 when it may try now. */
  waitMs(key: string, now: number): number {
    const entry = this.current(key, now)
    return entry ? Math.max(0, entry.blockedUntil - now) : 0
  }

  fail(key: string, now: number): void {
    const entry = this.current(key, now) ?? { failures: 0, last: now, blockedUntil: 0 }
    entry.failures += 1
    entry.last = now
    const over = entry.failures - this.policy.free
    if (over > 0)
      entry.blockedUntil = now + Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** (over - 1))
    this.entries.delete(key)
    this.entries.set(key, entry)
    // Oldest first in a Map's order: drop those when an attack floods us with keys.
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  reset(key: string): void {
    this.entries.delete(key)
  }

  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry && now - entry.last > this.policy.forgetMs) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }
}

/** Rounds a wait up to whole seconds and says it in words a person reads. */
export function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  if (seconds < 90) return `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}
