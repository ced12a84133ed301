import { randomUUID } from 'node:crypto'
import type { Store } from '../store'

export interface Funnel {
  id: string
  siteId: number
  name: string
  /** Goal ids, in the order a visit must reach them. */
  steps: string[]
  createdAt: number
}

export const MIN_STEPS = 2
export const MAX_STEPS = 8

interface FunnelRow {
  id: string
  site_id: number
  name: string
  steps: string[]
  created_at: string
}

/** The funnels of a site, oldest first. */
export async function getFunnels(store: Store, siteId: number): Promise<Funnel[]> {
  const rows = await store.reader.query<FunnelRow>(
    'getFunnels',
    `SELECT id, site_id, name, steps, toUnixTimestamp64Milli(created_at) AS created_at
     FROM funnels FINAL WHERE deleted = 0 AND site_id = {site:UInt32}
     ORDER BY created_at, id`,
    { site: siteId },
  )
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    name: r.name,
    steps: r.steps,
    createdAt: Number(r.created_at),
  }))
}

/** Writes a funnel as a new row version (never older than its creation); `deleted` removes it. */
export async function saveFunnel(
  store: Store,
  funnel: Omit<Funnel, 'id' | 'createdAt'> & Partial<Pick<Funnel, 'id' | 'createdAt'>>,
  now: number,
  deleted = false,
): Promise<Funnel> {
  const saved: Funnel = {
    ...funnel,
    id: funnel.id ?? randomUUID(),
    createdAt: funnel.createdAt ?? now,
  }
  await store.writer.insert('funnels', [
    {
      site_id: saved.siteId,
      id: saved.id,
      name: saved.name,
      steps: saved.steps,
      created_at: saved.createdAt,
      // The newest version wins: a funnel dated ahead of the clock must not outlive its deletion.
      updated_at: Math.max(now, saved.createdAt + (deleted ? 1 : 0)),
      deleted: deleted ? 1 : 0,
    },
  ])
  return saved
}
