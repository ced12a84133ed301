import { z } from 'zod'
import type { Store } from '../store'
import { DEFAULT_THRESHOLDS } from './abc'
import { dropCustomerKeys } from './customer-keys'
import { mappingSchema } from './mapping'
import { withSegmentLock } from './site-lock'

/** Per-site import preferences; every field has a default. */
export const segmentSettingsSchema = z.object({
  /** The column mapping of the last import, offered again next time. */
  mapping: mappingSchema.default({}),
  thresholds: z
    .object({ a: z.number().min(1).max(98), b: z.number().min(2).max(99) })
    .refine((t) => t.a < t.b, 'A must be below B')
    .default(DEFAULT_THRESHOLDS),
  /** A tag becomes an interest cluster when at least this many customers carry it. */
  clusterMin: z.number().int().min(1).max(10_000).default(3),
  /** Country for phone numbers written without +country code. */
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('DE'),
  /** Opt-in: keep a keyed hash of each customer key so re-imports can tell who moved. */
  keepHashedKeys: z.boolean().default(false),
})
export type SegmentSettings = z.output<typeof segmentSettingsSchema>

/** The site's segment settings (defaults when none were saved). */
export async function getSegmentSettings(store: Store, siteId: number): Promise<SegmentSettings> {
  const rows = await store.reader.query<{ settings: string }>(
    'getSegmentSettings',
    'SELECT settings FROM segment_settings FINAL WHERE site_id = {site:UInt32}',
    { site: siteId },
  )
  const parsed = segmentSettingsSchema.safeParse(JSON.parse(rows[0]?.settings ?? '{}'))
  return parsed.success ? parsed.data : segmentSettingsSchema.parse({})
}

/** Writes the site's segment settings as a new row version. */
export async function saveSegmentSettings(
  store: Store,
  siteId: number,
  settings: SegmentSettings,
  now: number,
): Promise<void> {
  await store.writer.insert('segment_settings', [
    { site_id: siteId, settings: JSON.stringify(settings), updated_at: now },
  ])
}

/**
 * Turns the opt-in hashed keys on or off; off deletes the kept hashes. One change of the site's
 * segments at a time: a review or commit saved meanwhile would write the old choice back.
 */
export function setKeepHashedKeys(
  store: Store,
  siteId: number,
  keepHashedKeys: boolean,
  now: number,
): Promise<void> {
  return withSegmentLock(siteId, async () => {
    const settings = await getSegmentSettings(store, siteId)
    await saveSegmentSettings(store, siteId, { ...settings, keepHashedKeys }, now)
    if (!keepHashedKeys) await dropCustomerKeys(store, siteId)
  })
}
