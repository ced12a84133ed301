import type { Store } from '../store'

/**
 * What counted days answered, kept in memory per store. A day's counts are written once per
 * generation and never changed (a re-count writes a new generation), so an answer keyed by
 * the generations it read stays right; the open day and the day states are still read by
 * every query. Bounded by the number of values held (a breakdown holds one per value).
 */
export class CountedMemo<T> {
  private readonly byStore = new WeakMap<Store, Map<string, { value: T; weight: number }>>()
  private readonly held = new WeakMap<Store, number>()

  constructor(private readonly maxWeight: number) {}

  get(store: Store, key: string): T | undefined {
    const map = this.byStore.get(store)
    const entry = map?.get(key)
    if (!map || !entry) return undefined
    // Most recently used last: the first key is the one to drop.
    map.delete(key)
    map.set(key, entry)
    return entry.value
  }

  set(store: Store, key: string, value: T, weight: number): void {
    if (weight > this.maxWeight) return
    const map = this.byStore.get(store) ?? new Map<string, { value: T; weight: number }>()
    this.byStore.set(store, map)
    let held = (this.held.get(store) ?? 0) + weight - (map.get(key)?.weight ?? 0)
    map.delete(key)
    map.set(key, { value, weight })
    for (const [oldest, entry] of map) {
      if (held <= this.maxWeight) break
      map.delete(oldest)
      held -= entry.weight
    }
    this.held.set(store, held)
  }
}
