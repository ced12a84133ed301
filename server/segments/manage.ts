import { randomUUID } from 'node:crypto'
import type { Store } from '../store'
import { segmentNameKey } from './name-key'
import { listSegments, newToken, saveSegments, type Segment } from './repo'
import { forgetSegments } from './resolve'
import type { SegmentRule } from './segment'
import { withSegmentLock } from './site-lock'

export type ManageResult =
  { ok: true; value: Segment } | { ok: false; status: 404 | 409; error: string }

/**
 * Defines a rule segment. Its members are counted at the next import (customer rows are not
 * kept, so there is nothing to count them on now).
 */
export async function createRuleSegment(
  store: Store,
  siteId: number,
  input: { name: string; rule: SegmentRule },
  now: number,
): Promise<ManageResult> {
  return withSegmentLock(siteId, () => createLocked(store, siteId, input, now))
}

async function createLocked(
  store: Store,
  siteId: number,
  input: { name: string; rule: SegmentRule },
  now: number,
): Promise<ManageResult> {
  const existing = await listSegments(store, siteId)
  const key = segmentNameKey(input.name)
  if (existing.some((s) => segmentNameKey(s.name) === key))
    return { ok: false, status: 409, error: `name: a segment named ${input.name} exists` }
  const segment: Segment = {
    siteId,
    id: `rule-${randomUUID().slice(0, 8)}`,
    name: input.name,
    kind: 'rule',
    definition: { rule: input.rule },
    token: newToken(),
    members: 0,
    revenueCents: 0,
    position: 200 + existing.filter((s) => s.kind === 'rule').length,
    importedAt: 0,
    createdAt: now,
  }
  await saveSegments(store, [segment], now)
  forgetSegments(siteId)
  return { ok: true, value: segment }
}

/** Gives a segment a new campaign token; links with the old one count as "(unknown)". */
export async function rotateToken(
  store: Store,
  siteId: number,
  id: string,
  now: number,
): Promise<ManageResult> {
  return withSegmentLock(siteId, async () => {
    const segment = (await listSegments(store, siteId)).find((s) => s.id === id)
    if (!segment) return { ok: false, status: 404, error: `No segment ${id}` }
    const rotated = { ...segment, token: newToken() }
    await saveSegments(store, [rotated], now)
    forgetSegments(siteId)
    return { ok: true, value: rotated }
  })
}

/** Deletes a segment definition; visits already labelled keep their label. */
export async function deleteSegment(
  store: Store,
  siteId: number,
  id: string,
  now: number,
): Promise<ManageResult> {
  return withSegmentLock(siteId, async () => {
    const segment = (await listSegments(store, siteId)).find((s) => s.id === id)
    if (!segment) return { ok: false, status: 404, error: `No segment ${id}` }
    await saveSegments(store, [segment], now, true)
    forgetSegments(siteId)
    return { ok: true, value: segment }
  })
}
