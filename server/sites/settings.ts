import { z } from 'zod'

/** Tracker features a site can switch on; the default script ships the first five. */
export const TRACKER_FEATURES = [
  'pageview',
  'spa',
  'events',
  'engagement',
  'segment',
  'hash',
  'outbound',
  'downloads',
  'tagged',
  'not-found',
] as const
export type TrackerFeature = (typeof TRACKER_FEATURES)[number]

/**
 * Per-site settings, stored as JSON in sites.settings. Every field has a default, so a site
 * created before a field existed reads with the default.
 */
export const siteSettingsSchema = z.object({
  /** CIDR ranges whose hits are dropped (e.g. the own office). */
  excludedIps: z.array(z.string().max(64)).max(200).default([]),
  /** Path patterns (* wildcard) whose hits are dropped. */
  excludedPaths: z.array(z.string().max(500)).max(200).default([]),
  /** Path patterns (* wildcard); when any are set, the tracker sends only on matching pages. */
  includedPaths: z.array(z.string().max(500)).max(200).default([]),
  /** Query parameters kept in stored URLs; all others are removed. */
  allowedQueryParams: z.array(z.string().max(100)).max(50).default([]),
  /** Extra tracker features beyond the default set. */
  trackerFeatures: z.array(z.enum(TRACKER_FEATURES)).default([]),
  /** File extensions counted as downloads when the downloads feature is on. */
  downloadExtensions: z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/))
    .max(50)
    .default([
      'pdf',
      'xlsx',
      'docx',
      'txt',
      'rtf',
      'csv',
      'exe',
      'key',
      'pps',
      'ppt',
      'pptx',
      '7z',
      'pkg',
      'rar',
      'gz',
      'zip',
      'avi',
      'mov',
      'mp4',
      'mpeg',
      'wmv',
      'midi',
      'mp3',
      'wav',
      'wma',
      'dmg',
    ]),
  /** Honour Global Privacy Control and Do Not Track (the tracker sends nothing). */
  honourPrivacySignals: z.boolean().default(true),
  /** Months of raw events and visits kept. */
  retentionMonths: z.number().int().min(1).max(120).default(25),
  /** CRM segment linking (campaign tokens, data-segment); off until the owner turns it on. */
  segmentsEnabled: z.boolean().default(false),
  /** Smallest number of visitors a segment row may describe. */
  kAnonymity: z.number().int().min(2).max(100).default(5),
  /** Public shared link: token hash, optional password hash. */
  sharedLink: z
    .object({ tokenHash: z.string(), passwordHash: z.string().optional(), createdAt: z.number() })
    .optional(),
})

export type SiteSettings = z.output<typeof siteSettingsSchema>
export type SiteSettingsInput = z.input<typeof siteSettingsSchema>

export function parseSiteSettings(json: string): SiteSettings {
  return siteSettingsSchema.parse(JSON.parse(json || '{}'))
}
