import type { Logger } from '../log'
import type { SiteSettings } from '../sites/settings'
import { listAllSites } from '../sites/sites'
import type { Store } from '../store'

/** How long a loaded list of sites is used before it is loaded again in the background. */
export const SITE_SNAPSHOT_TTL_MS = 60_000

/**
 * The tracker settings of every site by domain and alias (lower case, without "www."),
 * loaded in one query and refreshed in the background at most every TTL, so serving a
 * script never waits on the store after the first load and unknown domains cost nothing.
 */
export class SiteSnapshot {
  private byDomain = new Map<string, SiteSettings>()
  private loadedAt = -Infinity
  private loading: Promise<void> | undefined

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly ttlMs = SITE_SNAPSHOT_TTL_MS,
  ) {}

  /** The settings of the site named `domain`, or undefined for an unknown domain. */
  async settingsFor(domain: string): Promise<SiteSettings | undefined> {
    if (this.loadedAt === -Infinity) await this.load()
    else if (this.now() - this.loadedAt >= this.ttlMs) void this.load()
    return this.byDomain.get(normalise(domain))
  }

  private load(): Promise<void> {
    this.loading ??= this.reload().finally(() => (this.loading = undefined))
    return this.loading
  }

  private async reload(): Promise<void> {
    const startedAt = this.now()
    try {
      const sites = await listAllSites(this.store)
      const next = new Map<string, SiteSettings>()
      for (const site of sites)
        for (const name of [site.domain, ...site.aliases]) next.set(normalise(name), site.settings)
      this.byDomain = next
    } catch (error) {
      // Keep serving the last known settings (or the default script) while the store is away.
      this.log.warn({ err: String(error) }, 'tracker: could not load site settings')
    }
    this.loadedAt = startedAt
  }
}

function normalise(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^www\./, '')
}
