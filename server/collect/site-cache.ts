import type { BlockList } from 'node:net'
import type { Store } from '../store'
import { parseSiteSettings, type SiteSettings } from '../sites/settings'
import type { Site } from '../sites/sites'
import { compileCidrs } from './cidr'
import { normaliseHostname, compilePathPatterns } from './url'

/** A site as the collector needs it, with its rules compiled once. */
export interface CollectSite {
  site: Site
  /** Undefined when the site excludes no addresses. */
  excludedIps: BlockList | undefined
  isExcludedPath: (path: string) => boolean
}

interface SiteRow {
  id: number
  domain: string
  timezone: string
  aliases: string[]
  settings: string
  created_at: string
}

/**
 * Finds sites by the domain a hit names (the site's domain or one of its aliases, with or
 * without "www."). All sites are loaded in one query and refreshed in the background every
 * `ttlMs` (wall clock), so a changed setting (excluded IPs, aliases) is in force within seconds
 * while hits never wait for the store.
 */
export class SiteCache {
  private byDomain = new Map<string, CollectSite>()
  /** Wall-clock start of the last completed load (-Infinity before the first). */
  private loadedAt = -Infinity
  private loading: Promise<void> | undefined
  /** Domains found in no site, with the wall-clock time that was confirmed. */
  private readonly misses = new Map<string, number>()
  /** Sites being deleted: no hit is taken for them, whatever a load returns. */
  private readonly removed = new Set<number>()

  constructor(
    private readonly store: Store,
    private readonly options: {
      ttlMs?: number
      /** Shortest gap between two loads caused by unknown domains. */
      minReloadMs?: number
      /** How long a domain confirmed unknown is answered from memory. */
      missTtlMs?: number
      onError?: (error: unknown) => void
    } = {},
  ) {}

  /**
   * The site for `domain`. A domain not in the cache causes one reload (a site added a moment
   * ago is found), but unknown domains reload at most every `minReloadMs` together.
   */
  async get(domain: string): Promise<CollectSite | undefined> {
    const arrived = performance.now()
    const key = normaliseHostname(domain)
    if (this.loadedAt === -Infinity) await this.loadedSince(arrived)
    else if (arrived - this.loadedAt > (this.options.ttlMs ?? 10_000) && !this.loading)
      void this.startLoad()
    const found = this.byDomain.get(key)
    if (found) return found
    // A domain just confirmed unknown stays unknown for a second: a flood of hits for foreign
    // domains must not turn into a flood of reloads, nor wait for them.
    const missed = this.misses.get(key)
    if (missed !== undefined && arrived - missed < (this.options.missTtlMs ?? 1000))
      return undefined
    await this.loadedSince(arrived)
    const entry = this.byDomain.get(key)
    if (!entry) {
      if (this.misses.size > 10_000) this.misses.clear()
      this.misses.set(key, performance.now())
    }
    return entry
  }

  /**
   * Stops taking hits for a site at once (its deletion begins), also for hits already past
   * their lookup (the pipeline asks `isRemoved` in its last synchronous step). Returns a
   * function that undoes it, for a deletion that failed.
   */
  remove(siteId: number): () => void {
    this.removed.add(siteId)
    for (const [key, entry] of this.byDomain)
      if (entry.site.id === siteId) this.byDomain.delete(key)
    return () => {
      this.removed.delete(siteId)
      this.invalidate()
    }
  }

  isRemoved(siteId: number): boolean {
    return this.removed.size > 0 && this.removed.has(siteId)
  }

  /** Forgets the cached sites' age, so the next hit reads them again. */
  invalidate(): void {
    this.loadedAt = -Infinity
    this.misses.clear()
  }

  private async loadedSince(t: number): Promise<void> {
    const gap = this.options.minReloadMs ?? 100
    while (this.loadedAt < t) {
      if (this.loading) {
        await this.loading
        continue
      }
      const wait = this.loadedAt + gap - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      else await this.startLoad()
    }
  }

  private startLoad(): Promise<void> {
    this.loading ??= this.load(performance.now()).finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  private async load(started: number) {
    let rows: SiteRow[]
    try {
      rows = await this.store.reader.query<SiteRow>(
        'getCollectSites',
        `SELECT id, domain, timezone, aliases, settings,
           toUnixTimestamp64Milli(created_at) AS created_at
         FROM sites FINAL WHERE deleted = 0`,
      )
    } catch (error) {
      // Keep serving the last known sites while the store is away.
      this.options.onError?.(error)
      this.loadedAt = started
      return
    }
    const next = new Map<string, CollectSite>()
    const entries = rows.flatMap((row) =>
      this.removed.has(Number(row.id)) ? [] : (this.compile(row) ?? []),
    )
    // A site's own domain wins over another site's alias of it (a roll-up site lists the
    // domains it collects as aliases, and each of them still finds its own site first).
    for (const e of entries) next.set(normaliseHostname(e.site.domain), e)
    for (const e of entries)
      for (const alias of e.site.aliases) {
        const key = normaliseHostname(alias)
        if (!next.has(key)) next.set(key, e)
      }
    this.byDomain = next
    this.loadedAt = started
  }

  private compile(row: SiteRow): CollectSite | undefined {
    let settings: SiteSettings
    try {
      settings = parseSiteSettings(row.settings)
    } catch (error) {
      this.options.onError?.(error)
      return undefined
    }
    const ips = compileCidrs(settings.excludedIps)
    if (!ips.ok) this.options.onError?.(new Error(`site ${row.id}: excluded IPs: ${ips.error}`))
    return {
      site: {
        id: row.id,
        domain: row.domain,
        timezone: row.timezone,
        aliases: row.aliases,
        settings,
        createdAt: Number(row.created_at),
      },
      excludedIps: ips.ok && settings.excludedIps.length > 0 ? ips.value : undefined,
      isExcludedPath: compilePathPatterns(settings.excludedPaths),
    }
  }
}
