/**
 * A bounded cache that keeps what was used recently, for the collector's per-hit lookups.
 * Two generations instead of a strict LRU order: a hit in the current generation costs one
 * Map lookup (no reordering), a hit in the previous one moves the entry forward, and a full
 * current generation replaces the previous one. It holds between `max` and 2 × `max` entries.
 */
export class Lru<K, V> {
  private current = new Map<K, V>()
  private previous = new Map<K, V>()
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.current.get(key)
    if (value !== undefined) return value
    const old = this.previous.get(key)
    if (old !== undefined) {
      this.previous.delete(key)
      this.set(key, old)
    }
    return old
  }

  set(key: K, value: V): void {
    if (this.current.size >= this.max && !this.current.has(key)) {
      this.previous = this.current
      this.current = new Map()
    }
    this.current.set(key, value)
  }

  get size(): number {
    return this.current.size + this.previous.size
  }
}
