import type { Config } from '../config'
import type { SiteSettings } from '../sites/settings'
import { prepareScript, type PreparedScript } from './compress'
import type { TrackerBuild } from './load'
import { fillValuesFor, fillVariant, variantFlagsFor } from './variants'

/**
 * Composes the served scripts: picks the variant a site's settings call for, fills in the
 * configured paths and names, compresses it once and keeps it. Sites with the same settings
 * share one entry, so the cache is bounded by the distinct settings in use.
 */
export class TrackerScripts {
  private readonly cache = new Map<string, PreparedScript>()
  /** Settings objects live as long as the site list they were loaded with. */
  private readonly bySettings = new WeakMap<SiteSettings, PreparedScript>()
  /** The script for pages that name no (known) site: the default features, GPC honoured. */
  readonly fallback: PreparedScript

  constructor(
    private readonly build: TrackerBuild,
    private readonly config: Config,
  ) {
    this.fallback = this.compose(undefined)
  }

  /** The prepared script for a site's settings (undefined: the default settings). */
  forSettings(settings: SiteSettings | undefined): PreparedScript {
    if (!settings) return this.fallback
    let prepared = this.bySettings.get(settings)
    if (!prepared) {
      prepared = this.compose(settings)
      this.bySettings.set(settings, prepared)
    }
    return prepared
  }

  private compose(settings: SiteSettings | undefined): PreparedScript {
    const flags = variantFlagsFor(settings)
    const values = fillValuesFor(this.config, settings)
    // Only the values a variant actually contains make it differ.
    const cacheKey = [
      flags.join(','),
      flags.includes('downloads') ? values.EXTENSIONS : '',
      flags.includes('paths') ? `${values.INCLUDE}\n${values.EXCLUDE}` : '',
    ].join('\n')
    const cached = this.cache.get(cacheKey)
    if (cached) return cached
    const code = this.build.variants[flags.join(',')]
    if (code === undefined) throw new Error(`The tracker build lacks variant "${flags.join(',')}"`)
    const prepared = prepareScript(fillVariant(code, this.build.placeholders, values))
    this.cache.set(cacheKey, prepared)
    return prepared
  }
}
