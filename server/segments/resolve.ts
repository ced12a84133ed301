import type { Site } from '../sites/sites'
import type { Store } from '../store'
import { segmentNameKey } from './name-key'
import { listSegments } from './repo'

/** The segment label stored when a sent value is not a defined segment of the site. */
export const UNKNOWN_SEGMENT = '(unknown)'

/** How long a site's segment directory is trusted before it is read again (other processes). */
const TTL_MS = 30_000
/** Longest value looked at; anything longer cannot be a token or a name. */
const MAX_VALUE = 100

interface Directory {
  byToken: Map<string, string>
  byName: Map<string, string>
}

interface Entry {
  directory: Promise<Directory>
  expiresAt: number
  /** The last directory read successfully, used while the store does not answer. */
  last?: Directory
}

let segmentStore: Store | undefined
const entries = new Map<number, Entry>()

/**
 * Tells the resolver where segments are kept; called once at start-up (segmentsRoutes does),
 * because resolveSegment keeps its two-argument signature for the collector.
 */
export function useSegmentStore(store: Store): void {
  segmentStore = store
  entries.clear()
}

/** Forgets a site's cached segments after they changed, so the next hit reads them again. */
export function forgetSegments(siteId: number): void {
  const entry = entries.get(siteId)
  if (entry) entry.expiresAt = 0
}

async function loadDirectory(store: Store, siteId: number): Promise<Directory> {
  const segments = await listSegments(store, siteId)
  return {
    byToken: new Map(segments.map((s) => [s.token, s.name])),
    byName: new Map(segments.map((s) => [segmentNameKey(s.name), s.name])),
  }
}

async function directoryOf(store: Store, siteId: number): Promise<Directory | undefined> {
  const now = Date.now()
  let entry = entries.get(siteId)
  if (!entry || entry.expiresAt <= now) {
    // One read per site at a time; hits arriving meanwhile wait for the same promise.
    const next: Entry = { directory: loadDirectory(store, siteId), expiresAt: now + TTL_MS }
    if (entry?.last) next.last = entry.last
    entries.set(siteId, next)
    entry = next
  }
  try {
    const directory = await entry.directory
    entry.last = directory
    return directory
  } catch {
    // The store is down: keep counting with what was known, and try again on the next hit.
    entry.expiresAt = 0
    return entry.last
  }
}

/**
 * Turns the segment value a hit carries (campaign token or data-segment name) into the label
 * stored on the visit: '' when segment linking is off or nothing was sent, the segment's name
 * when the value is one of the site's tokens or segment names (names compare without regard
 * to case), '(unknown)' for anything else. A value never creates a segment, so no identifier
 * can be smuggled into the events through it.
 */
export async function resolveSegment(site: Site, value: string | undefined): Promise<string> {
  if (!site.settings.segmentsEnabled || !value) return ''
  const v = value.trim()
  if (v === '') return ''
  if (v.length > MAX_VALUE || !segmentStore) return UNKNOWN_SEGMENT
  const directory = await directoryOf(segmentStore, site.id)
  if (!directory) return UNKNOWN_SEGMENT
  return directory.byToken.get(v) ?? directory.byName.get(segmentNameKey(v)) ?? UNKNOWN_SEGMENT
}
