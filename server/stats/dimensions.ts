import { TIME_DIMENSIONS, type TimeDimension } from './query'

/** Where a dimension lives: a column of visits (sessions), of events, or both. */
export interface DimensionDef {
  /** Column in sessions, if visits carry it. */
  session?: string
  /** Column in events, if events carry it. */
  event?: string
  scope: 'visit' | 'event'
  /** Changes while a visit goes on (read visits collapsed, with FINAL). */
  mutable?: boolean
  /** Shown instead of an empty value; undefined drops empty values from breakdowns. */
  emptyLabel?: string
}

const visitColumn = (column: string, emptyLabel?: string): DimensionDef => ({
  session: column,
  event: column,
  scope: 'visit',
  ...(emptyLabel !== undefined && { emptyLabel }),
})

/** Every dimension that maps to a column; identifiers in SQL come only from here. */
export const DIMENSIONS: Readonly<Record<string, DimensionDef>> = {
  'event:page': { event: 'pathname', scope: 'event', emptyLabel: '(none)' },
  'event:hostname': { event: 'hostname', session: 'hostname', scope: 'event' },
  'event:name': { event: 'name', scope: 'event' },
  'visit:entry_page': { session: 'entry_page', scope: 'visit', emptyLabel: '(none)' },
  'visit:exit_page': { session: 'exit_page', scope: 'visit', mutable: true, emptyLabel: '(none)' },
  'visit:source': visitColumn('referrer_source', 'Direct / None'),
  'visit:referrer': visitColumn('referrer', 'Direct / None'),
  'visit:channel': visitColumn('channel', '(none)'),
  'visit:utm_medium': visitColumn('utm_medium'),
  'visit:utm_source': visitColumn('utm_source'),
  'visit:utm_campaign': visitColumn('utm_campaign'),
  'visit:utm_content': visitColumn('utm_content'),
  'visit:utm_term': visitColumn('utm_term'),
  'visit:device': visitColumn('device', '(not set)'),
  'visit:browser': visitColumn('browser', '(not set)'),
  'visit:browser_version': visitColumn('browser_version', '(not set)'),
  'visit:os': visitColumn('os', '(not set)'),
  'visit:os_version': visitColumn('os_version', '(not set)'),
  'visit:country': visitColumn('country_code'),
  'visit:country_name': visitColumn('country_code'),
  'visit:region': visitColumn('region'),
  'visit:region_name': visitColumn('region'),
  'visit:city': visitColumn('city'),
  'visit:city_name': visitColumn('city'),
  // A visit's segment can be learnt after its first hit, so it changes like the exit page.
  'visit:segment': { ...visitColumn('segment'), mutable: true },
}

export const PROPS_PREFIX = 'event:props:'
/** What a breakdown by a custom property shows for events without it. */
export const PROP_NONE = '(none)'
const PROP_KEY = /^[^\u0000-\u001f]{1,300}$/

/** True for the dimensions a query may name (columns, a custom property, goals or time). */
export function isKnownDimension(name: string): boolean {
  return (
    name in DIMENSIONS ||
    name === 'event:goal' ||
    isTimeDimension(name) ||
    (name.startsWith(PROPS_PREFIX) && PROP_KEY.test(name.slice(PROPS_PREFIX.length)))
  )
}

export function isTimeDimension(name: string): name is TimeDimension {
  return (TIME_DIMENSIONS as readonly string[]).includes(name)
}

/** Dimensions that only events can answer (sessions do not carry them). */
export function isEventDimension(name: string): boolean {
  return (
    name === 'event:goal' || name.startsWith(PROPS_PREFIX) || DIMENSIONS[name]?.scope === 'event'
  )
}
