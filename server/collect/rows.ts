// The rows the collector writes, shaped as the columns of sql/0002_events.sql. 64-bit ids are
// decimal strings (the engine reads them exactly from JSON); timestamps are epoch milliseconds.

/** The columns an event shares with its visit: where it came from and on what device. */
export interface VisitColumns {
  referrer: string
  referrer_source: string
  channel: string
  utm_source: string
  utm_medium: string
  utm_campaign: string
  utm_content: string
  utm_term: string
  click_id_param: string
  country_code: string
  region: string
  city: string
  browser: string
  browser_version: string
  os: string
  os_version: string
  device: string
  segment: string
}

export interface EventRow extends VisitColumns {
  site_id: number
  timestamp: number
  name: string
  visitor_id: string
  session_id: string
  hostname: string
  pathname: string
  props: Record<string, string>
  revenue_amount: number
  revenue_currency: string
  interactive: number
  engagement_ms: number
  scroll_depth: number
}

export interface SessionRow extends VisitColumns {
  site_id: number
  session_id: string
  visitor_id: string
  sign: 1 | -1
  version: number
  start: number
  timestamp: number
  hostname: string
  entry_page: string
  exit_page: string
  pageviews: number
  events: number
  duration: number
  is_bounce: number
}

/** What one accepted hit adds to the store: its event and the visit's new state. */
export interface HitRecord {
  event: EventRow
  /** The previous state of the visit (sign -1), when the visit already existed, then the new one. */
  sessions: SessionRow[]
}

const VISIT_COLUMNS = [
  'referrer',
  'referrer_source',
  'channel',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'click_id_param',
  'country_code',
  'region',
  'city',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'device',
  'segment',
] as const satisfies ReadonlyArray<keyof VisitColumns>

/** An event row's columns in the order the spool writes its values. */
export const EVENT_COLUMNS = [
  'site_id',
  'timestamp',
  'name',
  'visitor_id',
  'session_id',
  'hostname',
  'pathname',
  'props',
  'revenue_amount',
  'revenue_currency',
  'interactive',
  'engagement_ms',
  'scroll_depth',
  ...VISIT_COLUMNS,
] as const satisfies ReadonlyArray<keyof EventRow>

/** A visit row's columns in the order the spool writes its values. */
export const SESSION_COLUMNS = [
  'site_id',
  'session_id',
  'visitor_id',
  'sign',
  'version',
  'start',
  'timestamp',
  'hostname',
  'entry_page',
  'exit_page',
  'pageviews',
  'events',
  'duration',
  'is_bounce',
  ...VISIT_COLUMNS,
] as const satisfies ReadonlyArray<keyof SessionRow>

// Every field of a row has its column: a field added to a row type must be added above too.
type Unlisted<Row, Listed> = Exclude<keyof Row, Listed>
const everyColumn: [
  Unlisted<EventRow, (typeof EVENT_COLUMNS)[number]>,
  Unlisted<SessionRow, (typeof SESSION_COLUMNS)[number]>,
] extends [never, never]
  ? true
  : false = true
void everyColumn
