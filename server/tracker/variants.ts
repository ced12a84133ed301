import type { Config } from '../config'
import { parseSiteSettings, type SiteSettings, type TrackerFeature } from '../sites/settings'

/** The features every variant ships; a site's trackerFeatures adds to them. */
export const DEFAULT_FEATURES: readonly TrackerFeature[] = [
  'pageview',
  'spa',
  'events',
  'engagement',
  'segment',
]

/**
 * Compile-time switches of tracker/build.js, in key order: the optional features, `paths`
 * (included or excluded path patterns are set) and `privacy` (GPC / Do Not Track honoured).
 */
export const VARIANT_FLAGS = [
  'hash',
  'outbound',
  'downloads',
  'tagged',
  'not-found',
  'paths',
  'privacy',
] as const
export type VariantFlag = (typeof VARIANT_FLAGS)[number]

const DEFAULT_SETTINGS = parseSiteSettings('{}')

/** The flags a site's settings switch on (the default settings give `['privacy']`). */
export function variantFlagsFor(settings: SiteSettings = DEFAULT_SETTINGS): VariantFlag[] {
  const features = new Set<string>(settings.trackerFeatures)
  return VARIANT_FLAGS.filter((flag) => {
    if (flag === 'paths') return settings.includedPaths.length + settings.excludedPaths.length > 0
    if (flag === 'privacy') return settings.honourPrivacySignals
    return features.has(flag)
  })
}

/** The key of a variant in tracker/dist/variants.json. */
export function variantKeyFor(settings?: SiteSettings): string {
  return variantFlagsFor(settings).join(',')
}

// Characters a browser leaves as they are in `location.pathname` and `location.hash`; any other
// (letters such as ü, spaces) it percent-encodes as UTF-8.
const KEPT_IN_URL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%#?]/gu

/**
 * A regular expression source for path patterns, with the collector's semantics
 * (server/collect/url.ts): `*` matches any characters, the whole path must match. The tracker
 * tests the path as the browser has it, percent-encoded, while patterns are written as the
 * dashboard shows pages (/über-uns): such a pattern also matches its encoded form.
 */
export function pathPatternSource(patterns: readonly string[]): string {
  const source = (parts: string[]) =>
    '^' + parts.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$'
  return patterns
    .flatMap((p) => {
      const parts = p.split('*')
      const encoded = parts.map((part) => part.replace(KEPT_IN_URL, encodeURIComponent))
      const both = [source(parts), source(encoded)]
      return both[0] === both[1] ? [both[0]] : both
    })
    .join('|')
}

/** Values of the placeholders in tracker/src/main.ts (see tracker/build.js PLACEHOLDERS). */
export type FillValues = {
  COLLECT: string
  FN: string
  SEGMENT_PARAM: string
  EXTENSIONS: string
  INCLUDE: string
  EXCLUDE: string
}

/** The values for a variant's placeholders, from configuration and the site's settings. */
export function fillValuesFor(
  config: Config,
  settings: SiteSettings = DEFAULT_SETTINGS,
): FillValues {
  return {
    COLLECT: config.COLLECT_PATH,
    FN: config.TRACKER_FUNCTION,
    SEGMENT_PARAM: config.SEGMENT_PARAM,
    EXTENSIONS: settings.downloadExtensions.join('|'),
    // '' matches every path; '(?!)' matches none.
    INCLUDE: pathPatternSource(settings.includedPaths),
    EXCLUDE: pathPatternSource(settings.excludedPaths) || '(?!)',
  }
}

/**
 * Fills a variant's placeholders. They sit inside double-quoted string literals, so each
 * value goes in as a JSON string body (quotes and backslashes escaped).
 */
export function fillVariant(
  code: string,
  placeholders: Record<string, string>,
  values: Record<string, string>,
): string {
  let out = code
  for (const [name, token] of Object.entries(placeholders)) {
    const value = values[name]
    if (value === undefined) throw new Error(`No value for the tracker placeholder ${name}`)
    out = out.split(token).join(JSON.stringify(value).slice(1, -1))
  }
  return out
}
