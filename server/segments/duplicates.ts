import type { Customer } from './clean'
import { foldName } from './normalise'

export type DuplicateReason =
  'customer id' | 'e-mail' | 'phone' | 'company and postcode' | 'similar name'

export interface DuplicateGroup {
  /** Stable for one import: "d" + the first member's line. */
  id: string
  reasons: DuplicateReason[]
  members: Customer[]
}

/**
 * Groups customers that are probably the same: the same customer id, e-mail or phone, the
 * same company at the same postcode, or names one or two typing errors apart (Meyer/Meier,
 * Müller/Mueller) at the same postcode. Groups are shown for review, not merged here.
 */
export function findDuplicates(customers: readonly Customer[]): DuplicateGroup[] {
  const parent = customers.map((_, i) => i)
  const find = (i: number): number => {
    let root = i
    while (parent[root] !== root) root = parent[root] ?? root
    return root
  }
  const reasons = new Map<number, Set<DuplicateReason>>()
  const link = (a: number, b: number, reason: DuplicateReason) => {
    const ra = find(a)
    const rb = find(b)
    const root = Math.min(ra, rb)
    const other = Math.max(ra, rb)
    const set = reasons.get(root) ?? new Set<DuplicateReason>()
    set.add(reason)
    if (other !== root) {
      for (const r of reasons.get(other) ?? []) set.add(r)
      reasons.delete(other)
      parent[other] = root
    }
    reasons.set(root, set)
  }
  const byKey = (reason: DuplicateReason, key: (c: Customer) => string | undefined) => {
    const first = new Map<string, number>()
    customers.forEach((c, i) => {
      const k = key(c)
      if (!k) return
      const j = first.get(k)
      if (j === undefined) first.set(k, i)
      else link(j, i, reason)
    })
  }
  byKey('customer id', (c) => c.customerId.toLowerCase() || undefined)
  byKey('e-mail', (c) => c.email)
  byKey('phone', (c) => c.phone)
  byKey('company and postcode', (c) => {
    const company = foldName(c.company, true)
    return company && c.postcode ? `${company}|${c.postcode}` : undefined
  })
  linkSimilarNames(customers, (a, b) => link(a, b, 'similar name'))

  const groups = new Map<number, number[]>()
  customers.forEach((_, i) => {
    const root = find(i)
    const members = groups.get(root)
    if (members) members.push(i)
    else groups.set(root, [i])
  })
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => ({
      id: `d${customers[members[0] ?? root]?.line ?? root}`,
      reasons: [...(reasons.get(root) ?? [])].sort(),
      members: members.map((i) => customers[i]).filter((c): c is Customer => c !== undefined),
    }))
}

/** Names of this many letters or more may be two typing errors apart (docs/segments.md). */
const LONG_NAME = 12

/**
 * Compares names only within one postcode, and there only names that share a block, so large
 * files stay fast: their first two letters, their last two, or (names of 12+ letters) six
 * letters from the fourth on, shifted by one either way. One typing error leaves the first or
 * the last two letters intact in names of four letters or more; two errors that break both
 * ends leave the middle intact, moved by at most one place.
 */
function linkSimilarNames(customers: readonly Customer[], link: (a: number, b: number) => void) {
  const blocks = new Map<string, Array<{ index: number; name: string }>>()
  customers.forEach((c, index) => {
    const name = foldName(c.name || c.company, true)
    if (name.length < 4 || !c.postcode) return
    const keys = [`${c.postcode}|^${name.slice(0, 2)}`, `${c.postcode}|$${name.slice(-2)}`]
    if (name.length >= LONG_NAME)
      for (const start of [2, 3, 4]) keys.push(`${c.postcode}|*${name.slice(start, start + 6)}`)
    for (const key of keys) {
      const block = blocks.get(key)
      if (block) block.push({ index, name })
      else blocks.set(key, [{ index, name }])
    }
  })
  for (const block of blocks.values()) {
    if (block.length > 2000) continue
    for (let i = 0; i < block.length; i++)
      for (let j = i + 1; j < block.length; j++) {
        const a = block[i]
        const b = block[j]
        if (!a || !b) continue
        const limit = Math.min(a.name.length, b.name.length) >= LONG_NAME ? 2 : 1
        if (Math.abs(a.name.length - b.name.length) > limit) continue
        if (editDistance(a.name, b.name, limit) <= limit) link(a.index, b.index)
      }
  }
}

let rowA = new Int32Array(64)
let rowB = new Int32Array(64)

/**
 * Levenshtein distance, stopping early once it exceeds `limit` (then `limit + 1`). A common
 * prefix and suffix cost nothing, so they are cut off first: names at one postcode often
 * share their surname, and comparing only what differs keeps big files fast.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const x = a.slice(start, endA)
  const y = b.slice(start, endB)
  if (x.length === 0 || y.length === 0) return Math.max(x.length, y.length)
  if (rowA.length <= y.length) {
    rowA = new Int32Array(y.length + 1)
    rowB = new Int32Array(y.length + 1)
  }
  let previous = rowA
  let current = rowB
  for (let j = 0; j <= y.length; j++) previous[j] = j
  for (let i = 1; i <= x.length; i++) {
    current[0] = i
    let rowMin = i
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      )
      current[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > limit) return limit + 1
    ;[previous, current] = [current, previous]
  }
  const d = previous[y.length] ?? limit + 1
  return d > limit ? limit + 1 : d
}

/**
 * Merges each chosen group into its first member: revenue adds up, tags are joined, and
 * empty fields are filled from the other members.
 */
export function mergeGroups(
  customers: readonly Customer[],
  groups: readonly DuplicateGroup[],
): Customer[] {
  const absorbed = new Set<Customer>()
  const merged = new Map<Customer, Customer>()
  for (const group of groups) {
    const [head, ...rest] = group.members
    if (!head) continue
    const m: Customer = { ...head, lines: [...head.lines], tags: [...head.tags] }
    for (const c of rest) {
      absorbed.add(c)
      m.lines.push(...c.lines)
      m.revenueCents += c.revenueCents
      m.customerId ||= c.customerId
      m.company ||= c.company
      m.name ||= c.name
      m.email ??= c.email
      m.phone ??= c.phone
      m.postcode ||= c.postcode
      for (const t of c.tags) if (!m.tags.some((x) => foldName(x) === foldName(t))) m.tags.push(t)
    }
    merged.set(head, m)
  }
  return customers.filter((c) => !absorbed.has(c)).map((c) => merged.get(c) ?? c)
}
