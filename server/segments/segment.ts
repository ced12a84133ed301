import { z } from 'zod'
import { classifyAbc, type AbcClass, type AbcThresholds } from './abc'
import type { Customer } from './clean'
import { foldName } from './normalise'

/** A custom segment: every given condition must hold (revenue ≥ X, tag is Y, class is A…). */
export const ruleSchema = z
  .object({
    minRevenueCents: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    tag: z.string().min(1).max(60).optional(),
    abc: z.enum(['A', 'B', 'C']).optional(),
  })
  .strict()
  .refine((r) => r.minRevenueCents !== undefined || r.tag !== undefined || r.abc !== undefined, {
    message: 'a rule needs at least one condition',
  })
export type SegmentRule = z.output<typeof ruleSchema>

export interface Aggregate {
  members: number
  revenueCents: number
}

export interface Labelled {
  customer: Customer
  abc: AbcClass
  clusters: string[]
  rules: string[]
}

export interface Segmentation {
  abc: Record<AbcClass, Aggregate>
  /** Interest clusters by tag, largest first; the name is the tag's most common spelling. */
  clusters: Array<{ key: string; name: string } & Aggregate>
  /** Rule id → aggregate. */
  rules: Map<string, Aggregate>
  labelled: Labelled[]
  revenueCents: number
}

/** True when the customer meets every condition of the rule. */
export function matchesRule(rule: SegmentRule, c: Customer, abc: AbcClass): boolean {
  if (rule.minRevenueCents !== undefined && c.revenueCents < rule.minRevenueCents) return false
  if (rule.abc !== undefined && rule.abc !== abc) return false
  if (rule.tag !== undefined) {
    const want = foldName(rule.tag)
    if (!c.tags.some((t) => foldName(t) === want)) return false
  }
  return true
}

/**
 * Labels each customer with its A/B/C class, its interest clusters (tags shared by at least
 * `clusterMin` customers, at most `clusterLimit` of them) and the rule segments it meets,
 * and sums members and revenue per segment.
 */
export function segmentCustomers(
  customers: readonly Customer[],
  options: {
    thresholds: AbcThresholds
    clusterMin: number
    clusterLimit: number
    rules: ReadonlyArray<{ id: string; rule: SegmentRule }>
  },
): Segmentation {
  const classes = classifyAbc(
    customers.map((c) => c.revenueCents),
    options.thresholds,
  )
  const tagCount = new Map<string, { spellings: Map<string, number>; members: number }>()
  for (const c of customers)
    for (const t of c.tags) {
      const key = foldName(t)
      const entry = tagCount.get(key) ?? { spellings: new Map<string, number>(), members: 0 }
      entry.members++
      entry.spellings.set(t, (entry.spellings.get(t) ?? 0) + 1)
      tagCount.set(key, entry)
    }
  const clusterKeys = [...tagCount.entries()]
    .filter(([, e]) => e.members >= options.clusterMin)
    .sort((x, y) => y[1].members - x[1].members || x[0].localeCompare(y[0]))
    .slice(0, options.clusterLimit)
  const clusters = clusterKeys.map(([key, e]) => ({
    key,
    name:
      [...e.spellings.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0] ??
      key,
    members: 0,
    revenueCents: 0,
  }))
  const abc: Record<AbcClass, Aggregate> = {
    A: { members: 0, revenueCents: 0 },
    B: { members: 0, revenueCents: 0 },
    C: { members: 0, revenueCents: 0 },
  }
  const rules = new Map<string, Aggregate>(
    options.rules.map((r) => [r.id, { members: 0, revenueCents: 0 }]),
  )
  const labelled: Labelled[] = []
  let revenueCents = 0
  customers.forEach((customer, i) => {
    const cls = classes[i] ?? 'C'
    revenueCents += customer.revenueCents
    add(abc[cls], customer)
    const mine = new Set(customer.tags.map((t) => foldName(t)))
    const inClusters = clusters.filter((c) => mine.has(c.key))
    for (const c of inClusters) add(c, customer)
    const inRules = options.rules.filter((r) => matchesRule(r.rule, customer, cls))
    for (const r of inRules) {
      const aggregate = rules.get(r.id)
      if (aggregate) add(aggregate, customer)
    }
    labelled.push({
      customer,
      abc: cls,
      clusters: inClusters.map((c) => c.name),
      rules: inRules.map((r) => r.id),
    })
  })
  return { abc, clusters, rules, labelled, revenueCents }
}

function add(a: Aggregate, c: Customer) {
  a.members++
  a.revenueCents += c.revenueCents
}
