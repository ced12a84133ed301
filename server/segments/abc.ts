export type AbcClass = 'A' | 'B' | 'C'

/** Cumulative revenue shares in percent: A up to `a`, B up to `b`, C the rest. */
export interface AbcThresholds {
  a: number
  b: number
}

export const DEFAULT_THRESHOLDS: AbcThresholds = { a: 80, b: 95 }

/**
 * ABC analysis by revenue. Customers are ranked by revenue, highest first; A holds the
 * customers that make up the first `a` % of the total (the customer in whom the line falls
 * included, so the largest customer is always A), B those up to `b` %, C the rest. Customers
 * with equal revenue always share a class: a tie that straddles a line goes to the better
 * class, so the order of rows in the file never decides. Customers without revenue are C.
 * Computed in integer cents and per-mille, so 80 % means exactly 80 %.
 * Returns one class per input, in input order; all C when the total revenue is zero.
 */
export function classifyAbc(revenueCents: readonly number[], t: AbcThresholds): AbcClass[] {
  const total = revenueCents.reduce((s, r) => s + BigInt(r), 0n)
  const result: AbcClass[] = revenueCents.map(() => 'C')
  if (total <= 0n) return result
  const aLimit = BigInt(Math.round(t.a * 10)) * total
  const bLimit = BigInt(Math.round(t.b * 10)) * total
  const order = revenueCents
    .map((_, i) => i)
    .sort((x, y) => (revenueCents[y] ?? 0) - (revenueCents[x] ?? 0))
  let cumulative = 0n
  let k = 0
  while (k < order.length) {
    const value = revenueCents[order[k] ?? 0] ?? 0
    let end = k
    while (end < order.length && revenueCents[order[end] ?? 0] === value) end++
    // The class of the block's first member is the class of every member of the block.
    const before = cumulative * 1000n
    const cls: AbcClass = before < aLimit ? 'A' : before < bLimit ? 'B' : 'C'
    for (let i = k; i < end; i++) result[order[i] ?? 0] = value > 0 ? cls : 'C'
    cumulative += BigInt(value) * BigInt(end - k)
    k = end
  }
  return result
}
