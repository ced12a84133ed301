import type { Site } from '../sites/sites'
import { isBotUserAgent } from './bot'
import { getAttribution } from './attribution'
import { ipInList } from './cidr'
import type { DropReason } from './drop'
import type { GeoLookup } from './geo'
import { parsePayload, type Payload } from './payload'
import type { EventRow, HitRecord } from './rows'
import type { Salts } from './salts'
import { ENGAGEMENT, type SessionTracker } from './sessions'
import type { CollectSite, SiteCache } from './site-cache'
import { isSpamReferrer } from './spam'
import { hostBelongsToSite, normaliseUrl } from './url'
import { parseUserAgent, type ClientHints } from './user-agent'
import { getVisitorId } from './visitor-id'

/** One request to the collect endpoint, reduced to what the pipeline may use. */
export interface HitInput {
  body: string
  /** Used in memory for geolocation, exclusion and the visitor hash; never stored. */
  ip: string
  /** Used in memory for parsing and the visitor hash; never stored. */
  userAgent: string
  hints: ClientHints
  /** Sec-GPC: 1 or DNT: 1 was sent. */
  privacySignal: boolean
}

export type Outcome =
  | { kind: 'accepted'; records: HitRecord[] }
  | { kind: 'dropped'; reason: DropReason }
  | { kind: 'invalid'; error: string; field: string }
  /** The spool has no room; nothing was changed. */
  | { kind: 'full' }
  /** The store could not be asked for what the hit needs (e.g. the day's salt); nothing was changed. */
  | { kind: 'unavailable' }

export interface PipelineContext {
  sites: SiteCache
  salts: Salts
  sessions: SessionTracker
  geo: GeoLookup
  resolveSegment: (site: Site, value: string | undefined) => Promise<string>
  /** Whether the spool can take another hit; asked before any visit changes. */
  hasRoom: () => boolean
}

type Step<T> = { ok: true; value: T } | { ok: false; reason: DropReason }
const drop = (reason: DropReason): { ok: false; reason: DropReason } => ({ ok: false, reason })

function dropBot(input: HitInput): DropReason | undefined {
  return isBotUserAgent(input.userAgent) ? 'bot' : undefined
}

function dropSpamReferrer(payload: Payload): DropReason | undefined {
  return isSpamReferrer(payload.referrer) ? 'spam_referrer' : undefined
}

function dropForSite(
  entry: CollectSite,
  payload: Payload,
  input: HitInput,
): DropReason | undefined {
  const { site } = entry
  if (!hostBelongsToSite(payload.url.hostname, site.domain, site.aliases))
    return 'hostname_mismatch'
  if (input.ip && entry.excludedIps && ipInList(entry.excludedIps, input.ip)) return 'excluded_ip'
  if (site.settings.excludedPaths.length > 0) {
    // Patterns are written as the dashboard shows pages (decoded, the route in hash mode) or
    // as the browser's address bar has them (percent-encoded): either excludes the page.
    const page = normaliseUrl(payload.url, payload.hashMode, []).pathname
    if (entry.isExcludedPath(payload.url.pathname) || entry.isExcludedPath(page))
      return 'excluded_path'
  }
  if (input.privacySignal && site.settings.honourPrivacySignals) return 'privacy_signal'
  return undefined
}

/**
 * Runs one hit through the collector's steps: parse → drop (bot, spam referrer, then per site:
 * unknown site, hostname, excluded IP and path, privacy signal) → enrich (device, place,
 * referrer and channel, campaign, page) → identify (visitor hash, visit). `now` is the hit's
 * time. Returns the rows to spool for each site the hit counts for, or why it was not taken.
 */
export async function processHit(
  ctx: PipelineContext,
  input: HitInput,
  now: number,
): Promise<Outcome> {
  const parsed = parsePayload(input.body)
  if (!parsed.ok) return { kind: 'invalid', error: parsed.error, field: parsed.field }
  const payload = parsed.value
  const early = dropBot(input) ?? dropSpamReferrer(payload)
  if (early) return { kind: 'dropped', reason: early }

  const steps: Array<Step<{ entry: CollectSite; segment: string }>> = []
  for (const domain of payload.domains) {
    const entry = await ctx.sites.get(domain)
    if (entry && steps.some((st) => st.ok && st.value.entry.site.id === entry.site.id)) continue
    if (!entry) {
      steps.push(drop('unknown_site'))
      continue
    }
    const reason = dropForSite(entry, payload, input)
    if (reason) steps.push(drop(reason))
    else
      steps.push({
        ok: true,
        value: { entry, segment: await ctx.resolveSegment(entry.site, payload.segment) },
      })
  }
  const taken = steps.flatMap((s) => (s.ok ? [s.value] : []))
  if (taken.length === 0) {
    const first = steps.find((s) => !s.ok)
    return { kind: 'dropped', reason: first && !first.ok ? first.reason : 'unknown_site' }
  }

  const salts = await ctx.salts.get(now)
  // Everything after this line is synchronous, so concurrent hits of one visitor cannot interleave.
  if (!ctx.hasRoom()) return { kind: 'full' }
  const device = parseUserAgent(input.userAgent, input.hints)
  const place = ctx.geo.lookup(input.ip)
  const records: HitRecord[] = []
  let engagementDropped = false
  let removed = false
  for (const { entry, segment } of taken) {
    const site = entry.site
    // Deleted while this hit waited above: nothing of it may land after the erasure.
    if (ctx.sites.isRemoved(site.id)) {
      removed = true
      continue
    }
    const page = normaliseUrl(payload.url, payload.hashMode, site.settings.allowedQueryParams)
    const from = getAttribution(payload.referrer, payload.url, (host) =>
      hostBelongsToSite(host, site.domain, site.aliases),
    )
    let visitorId = getVisitorId(salts.current, site.id, input.ip, input.userAgent)
    if (!ctx.sessions.find(site.id, visitorId, now) && salts.previous) {
      // A visit that began before midnight UTC goes on under yesterday's hash.
      const before = getVisitorId(salts.previous, site.id, input.ip, input.userAgent)
      if (ctx.sessions.find(site.id, before, now)) visitorId = before
    }
    if (payload.name === ENGAGEMENT && !ctx.sessions.find(site.id, visitorId, now)) {
      engagementDropped = true
      continue
    }
    const event: EventRow = {
      site_id: site.id,
      timestamp: now,
      name: payload.name,
      visitor_id: visitorId,
      session_id: '0',
      hostname: page.hostname,
      pathname: page.pathname,
      referrer: from.referrer,
      referrer_source: from.source,
      channel: from.channel,
      utm_source: from.utmSource,
      utm_medium: from.utmMedium,
      utm_campaign: from.utmCampaign,
      utm_content: from.utmContent,
      utm_term: from.utmTerm,
      click_id_param: from.clickIdParam,
      country_code: place.countryCode,
      region: place.region,
      city: place.city,
      browser: device.browser,
      browser_version: device.browserVersion,
      os: device.os,
      os_version: device.osVersion,
      device: device.device,
      props: payload.props,
      revenue_amount: payload.revenue?.amount ?? 0,
      revenue_currency: payload.revenue?.currency ?? '',
      interactive: payload.interactive ? 1 : 0,
      engagement_ms: payload.engagementMs,
      scroll_depth: payload.scrollDepth,
      segment: '',
    }
    const sessions = ctx.sessions.apply(event, segment)
    records.push({ event, sessions })
  }
  if (records.length === 0 && engagementDropped)
    return { kind: 'dropped', reason: 'engagement_without_visit' }
  if (records.length === 0 && removed) return { kind: 'dropped', reason: 'unknown_site' }
  return { kind: 'accepted', records }
}
