import { randomBytes } from 'node:crypto'

/**
 * Short-lived, in-memory holding of what an import needs between its steps (the parsed rows)
 * and of the labelled list until it is downloaded. Never written to disk: a restart or the
 * expiry discards it, which is the point (see docs/segments.md). An entry is dropped when it
 * expires even if no later request comes, so customer rows never stay in memory past the
 * time the docs promise.
 */
export class PendingStore<T extends { siteId: number; userId: string }> {
  private readonly items = new Map<
    string,
    { value: T; expiresAt: number; timer: ReturnType<typeof setTimeout> }
  >()

  constructor(
    private readonly ttlMs: number,
    private readonly perSite: number,
  ) {}

  /** Keeps `value` under a new random id; the oldest of the site's entries goes past `perSite`. */
  put(value: T, now: number): string {
    this.sweep(now)
    const mine = [...this.items.entries()].filter(([, v]) => v.value.siteId === value.siteId)
    while (mine.length >= this.perSite) {
      const oldest = mine.shift()
      if (oldest) this.delete(oldest[0])
    }
    const id = randomBytes(16).toString('base64url')
    const timer = setTimeout(() => this.delete(id), this.ttlMs)
    timer.unref()
    this.items.set(id, { value, expiresAt: now + this.ttlMs, timer })
    return id
  }

  /** The entry if it exists, has not expired and belongs to this site and user. */
  get(id: string, siteId: number, userId: string, now: number): T | undefined {
    this.sweep(now)
    const entry = this.items.get(id)
    if (!entry || entry.value.siteId !== siteId || entry.value.userId !== userId) return undefined
    return entry.value
  }

  /** Like get, and removes the entry: for things handed out once. */
  take(id: string, siteId: number, userId: string, now: number): T | undefined {
    const value = this.get(id, siteId, userId, now)
    if (value) this.delete(id)
    return value
  }

  delete(id: string): void {
    clearTimeout(this.items.get(id)?.timer)
    this.items.delete(id)
  }

  /** How many entries are held. */
  get size(): number {
    return this.items.size
  }

  private sweep(now: number) {
    for (const [id, entry] of this.items) if (entry.expiresAt <= now) this.delete(id)
  }
}
