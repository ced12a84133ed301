import type { SiteSettings, TrackerFeature } from '../../sites/settings'

/** The facts a transparency text states, all taken from the site's settings and the instance. */
export interface PrivacyFacts {
  domain: string
  /** Where the Spur instance answers (BASE_URL), if configured. */
  instanceUrl: string | undefined
  retentionMonths: number
  honourPrivacySignals: boolean
  excludesOwnNetworks: boolean
  excludedPathCount: number
  /** Query parameters kept in stored page addresses; all others are removed. */
  keptQueryParams: string[]
  /** Tracker features beyond the default set (pageviews, SPA navigation, custom events…). */
  extraFeatures: TrackerFeature[]
  segmentsEnabled: boolean
  kAnonymity: number
  /** Granularity of the location derived from the IP address before it is discarded. */
  geoGranularity: 'country' | 'region' | 'city'
  /** Salt lifetime: rotated every day, destroyed after this many hours. */
  saltHours: number
}

/**
 * Derives the facts from the site's real settings. Location is resolved to city level by
 * the collector (events.city); salts rotate daily and are destroyed after 48 hours
 * (ARCHITECTURE.md, decision 2).
 */
export function getPrivacyFacts(
  site: { domain: string; settings: SiteSettings },
  instanceUrl: string | undefined,
): PrivacyFacts {
  const s = site.settings
  return {
    domain: site.domain,
    instanceUrl,
    retentionMonths: s.retentionMonths,
    honourPrivacySignals: s.honourPrivacySignals,
    excludesOwnNetworks: s.excludedIps.length > 0,
    excludedPathCount: s.excludedPaths.length,
    keptQueryParams: [...s.allowedQueryParams].sort(),
    extraFeatures: [...new Set(s.trackerFeatures)].filter(
      (f) => !['pageview', 'spa', 'events', 'engagement', 'segment'].includes(f),
    ),
    segmentsEnabled: s.segmentsEnabled,
    kAnonymity: s.kAnonymity,
    geoGranularity: 'city',
    saltHours: 48,
  }
}
