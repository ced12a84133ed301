import type { Store } from '../../server/store'

/** One stored event; fields left out take a plain default. */
export interface EventInput {
  siteId: number
  timestamp: number
  name?: string
  pathname?: string
  visitorId?: string
  sessionId?: string
  country?: string
  browser?: string
  props?: Record<string, string>
}

/** Writes events (and one visit per event) through the store's batch writer. */
export async function insertEvents(store: Store, inputs: EventInput[]): Promise<void> {
  await store.writer.insert(
    'events',
    inputs.map((e, i) => ({
      site_id: e.siteId,
      timestamp: e.timestamp,
      name: e.name ?? 'pageview',
      visitor_id: e.visitorId ?? String(1000 + i),
      session_id: e.sessionId ?? String(5000 + i),
      hostname: 'example.com',
      pathname: e.pathname ?? '/',
      referrer: '',
      referrer_source: '',
      channel: 'Direct',
      utm_source: '',
      utm_medium: '',
      utm_campaign: '',
      utm_content: '',
      utm_term: '',
      click_id_param: '',
      country_code: e.country ?? 'DE',
      region: '',
      city: '',
      browser: e.browser ?? 'Firefox',
      browser_version: '140',
      os: 'Linux',
      os_version: '',
      device: 'Desktop',
      props: e.props ?? {},
    })),
  )
  await store.writer.insert(
    'sessions',
    inputs.map((e, i) => ({
      site_id: e.siteId,
      session_id: e.sessionId ?? String(5000 + i),
      visitor_id: e.visitorId ?? String(1000 + i),
      sign: 1,
      version: 1,
      start: e.timestamp,
      timestamp: e.timestamp,
      hostname: 'example.com',
      entry_page: e.pathname ?? '/',
      exit_page: e.pathname ?? '/',
      pageviews: 1,
      events: 1,
      duration: 0,
      is_bounce: 1,
      referrer: '',
      referrer_source: '',
      channel: 'Direct',
      utm_source: '',
      utm_medium: '',
      utm_campaign: '',
      utm_content: '',
      utm_term: '',
      click_id_param: '',
      country_code: e.country ?? 'DE',
      region: '',
      city: '',
      browser: e.browser ?? 'Firefox',
      browser_version: '140',
      os: 'Linux',
      os_version: '',
      device: 'Desktop',
    })),
  )
}
