import { randomFillSync } from 'node:crypto'
import type { EventRow, SessionRow } from './rows'

/** A visit ends after 30 minutes without a hit. */
export const VISIT_TIMEOUT_MS = 30 * 60_000

export const ENGAGEMENT = 'engagement'
export const PAGEVIEW = 'pageview'

interface Live {
  row: SessionRow
  /** Wall-clock time of the last change, for sweeping; hit times may be in the past (imports). */
  touched: number
  /** Whether any interactive event (other than pageviews and engagement) happened. */
  interacted: boolean
}

/**
 * Events carry their visit's attribution (where it came from, its campaign, its segment), so
 * "top pages of visits from Google" is one filter on events without a join to sessions.
 */
function inheritVisit(event: EventRow, visit: SessionRow) {
  event.referrer = visit.referrer
  event.referrer_source = visit.referrer_source
  event.channel = visit.channel
  event.utm_source = visit.utm_source
  event.utm_medium = visit.utm_medium
  event.utm_campaign = visit.utm_campaign
  event.utm_content = visit.utm_content
  event.utm_term = visit.utm_term
  event.click_id_param = visit.click_id_param
  event.segment = visit.segment
}

// Random ids taken 8 bytes at a time from a pool filled 512 ids at once (one call, not 512).
const idPool = Buffer.alloc(8 * 512)
let idAt = idPool.length
const newSessionId = () => {
  if (idAt >= idPool.length) {
    randomFillSync(idPool)
    idAt = 0
  }
  const id = idPool.readBigUInt64BE(idAt)
  idAt += 8
  return id.toString()
}

/**
 * The visits in progress, in memory, keyed by site and visitor hash. Each hit produces the
 * visit's new state; the caller stores the previous state with sign -1 and the new one with
 * sign +1 (VersionedCollapsingMergeTree), so the table always sums to the current visits.
 */
export class SessionTracker {
  private readonly live = new Map<string, Live>()

  /** The visit a visitor has at `now`, if one is still open. */
  find(siteId: number, visitorId: string, now: number): SessionRow | undefined {
    const s = this.live.get(`${siteId}:${visitorId}`)
    return s && now - s.row.timestamp < VISIT_TIMEOUT_MS ? s.row : undefined
  }

  /**
   * Applies one event to its visit and returns the rows to write: [old (-1), new (+1)] for a
   * running visit, [new (+1)] for a new one. Sets the event's session_id. An engagement report
   * only extends the visit's duration; a pageview moves the exit page; an interactive custom
   * event makes the visit not a bounce.
   */
  apply(event: EventRow, segment: string): SessionRow[] {
    const key = `${event.site_id}:${event.visitor_id}`
    const current = this.live.get(key)
    const running = current && event.timestamp - current.row.timestamp < VISIT_TIMEOUT_MS
    const isPageview = event.name === PAGEVIEW
    const isEngagement = event.name === ENGAGEMENT
    const counts = !isEngagement
    if (current && running) {
      const prev = current.row
      const interacted = current.interacted || (!isPageview && counts && event.interactive === 1)
      const pageviews = prev.pageviews + (isPageview ? 1 : 0)
      const timestamp = Math.max(prev.timestamp, event.timestamp)
      const next: SessionRow = {
        ...prev,
        version: prev.version + 1,
        timestamp,
        exit_page: isPageview ? event.pathname : prev.exit_page,
        pageviews,
        events: prev.events + (counts ? 1 : 0),
        duration: Math.round((timestamp - prev.start) / 1000),
        is_bounce: pageviews <= 1 && !interacted ? 1 : 0,
        segment: segment || prev.segment,
      }
      this.live.set(key, { row: next, interacted, touched: performance.now() })
      event.session_id = next.session_id
      inheritVisit(event, next)
      return [{ ...prev, sign: -1 }, next]
    }
    const interacted = !isPageview && counts && event.interactive === 1
    const row: SessionRow = {
      site_id: event.site_id,
      session_id: newSessionId(),
      visitor_id: event.visitor_id,
      sign: 1,
      version: 1,
      start: event.timestamp,
      timestamp: event.timestamp,
      hostname: event.hostname,
      entry_page: event.pathname,
      exit_page: event.pathname,
      pageviews: isPageview ? 1 : 0,
      events: counts ? 1 : 0,
      duration: 0,
      is_bounce: interacted ? 0 : 1,
      referrer: event.referrer,
      referrer_source: event.referrer_source,
      channel: event.channel,
      utm_source: event.utm_source,
      utm_medium: event.utm_medium,
      utm_campaign: event.utm_campaign,
      utm_content: event.utm_content,
      utm_term: event.utm_term,
      click_id_param: event.click_id_param,
      country_code: event.country_code,
      region: event.region,
      city: event.city,
      browser: event.browser,
      browser_version: event.browser_version,
      os: event.os,
      os_version: event.os_version,
      device: event.device,
      segment,
    }
    this.live.set(key, { row, interacted, touched: performance.now() })
    event.session_id = row.session_id
    event.segment = segment
    return [row]
  }

  /**
   * Puts back a visit read from the store or the spool after a restart. A newer version of the
   * same visit replaces an older one.
   */
  restore(row: SessionRow): void {
    const key = `${row.site_id}:${row.visitor_id}`
    const current = this.live.get(key)
    if (current && current.row.session_id === row.session_id && current.row.version >= row.version)
      return
    if (current && current.row.timestamp > row.timestamp) return
    // A visit with more than one pageview, or fewer but not a bounce, saw an interaction.
    const interacted = row.is_bounce === 0 && row.pageviews <= 1
    this.live.set(key, { row: { ...row, sign: 1 }, interacted, touched: performance.now() })
  }

  /**
   * Takes back what `apply` did, for a hit whose rows could not be written: the visit is put
   * back to the state its stored rows describe. Only if no later hit changed it since (the
   * spool fails later hits first, so their undos come first).
   */
  revert(rows: readonly SessionRow[]): void {
    const next = rows[rows.length - 1]
    if (!next) return
    const key = `${next.site_id}:${next.visitor_id}`
    const live = this.live.get(key)?.row
    if (live?.session_id !== next.session_id || live.version !== next.version) return
    const cancel = rows.length > 1 ? rows[0] : undefined
    if (!cancel) {
      this.live.delete(key)
      return
    }
    // As in restore: a visit of one pageview that is not a bounce saw an interaction.
    const interacted = cancel.is_bounce === 0 && cancel.pageviews <= 1
    this.live.set(key, { row: { ...cancel, sign: 1 }, interacted, touched: performance.now() })
  }

  /**
   * Forgets the open visits whose stored rows are about to be erased: the next hit of such a
   * visitor starts a new visit, instead of cancelling a row that no longer exists (which would
   * leave a -1 row without its +1). Returns how many.
   */
  forget(erased: (visit: SessionRow) => boolean): number {
    let n = 0
    for (const [key, s] of this.live)
      if (erased(s.row)) {
        this.live.delete(key)
        n++
      }
    return n
  }

  /** Forgets visits untouched for longer than a visit can pause; returns how many. */
  sweep(): number {
    const now = performance.now()
    let n = 0
    for (const [key, s] of this.live)
      if (now - s.touched > VISIT_TIMEOUT_MS + 60_000) {
        this.live.delete(key)
        n++
      }
    return n
  }

  get size(): number {
    return this.live.size
  }
}
