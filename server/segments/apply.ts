import type { AbcClass } from './abc'
import { segmentNameKey } from './name-key'
import { newToken, type Segment } from './repo'
import type { Segmentation } from './segment'

const ABC: readonly AbcClass[] = ['A', 'B', 'C']

/**
 * The new versions of a site's segments after an import: A/B/C and rule segments get fresh
 * aggregates, interest clusters are created for new tags, and clusters no longer found keep
 * their token (links already sent keep counting) with zero members. Tokens never change here.
 */
export function applySegmentation(
  siteId: number,
  existing: readonly Segment[],
  result: Segmentation,
  now: number,
): Segment[] {
  const byId = new Map(existing.map((s) => [s.id, s]))
  const names = new Set(existing.map((s) => segmentNameKey(s.name)))
  const out: Segment[] = []
  const base = (id: string, name: string, kind: Segment['kind'], position: number): Segment =>
    byId.get(id) ?? {
      siteId,
      id,
      name,
      kind,
      definition: {},
      token: newToken(),
      members: 0,
      revenueCents: 0,
      position,
      importedAt: now,
      createdAt: now,
    }
  ABC.forEach((cls, i) => {
    const agg = result.abc[cls]
    out.push({ ...base(`abc-${cls}`, cls, 'abc', i), ...agg, importedAt: now })
    names.add(segmentNameKey(cls))
  })
  const seenClusters = new Set<string>()
  result.clusters.forEach((cluster, i) => {
    const id = `tag-${cluster.key.replace(/\s+/g, '-')}`
    seenClusters.add(id)
    let name = byId.get(id)?.name ?? cluster.name
    // A name is how a logged-in site sends the segment, so it must be unique on the site.
    if (!byId.has(id) && names.has(segmentNameKey(name))) name = `${name} (tag)`
    names.add(segmentNameKey(name))
    const segment = base(id, name, 'cluster', 100 + i)
    out.push({
      ...segment,
      definition: { tag: cluster.key },
      members: cluster.members,
      revenueCents: cluster.revenueCents,
      importedAt: now,
    })
  })
  for (const s of existing) {
    if (s.kind === 'cluster' && !seenClusters.has(s.id))
      out.push({ ...s, members: 0, revenueCents: 0, importedAt: now })
    if (s.kind === 'rule') {
      const agg = result.rules.get(s.id) ?? { members: 0, revenueCents: 0 }
      out.push({ ...s, ...agg, importedAt: now })
    }
  }
  return out
}
