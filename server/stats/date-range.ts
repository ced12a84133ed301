import type { Parsed, TimeWindow } from './query'

const DATE = /^\d{4}-\d{2}-\d{2}$/
// An instant must carry its offset, so "10:00" never silently means UTC.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/
const DAY_MS = 86_400_000

const SHAPES = {
  date: ['en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }],
  minute: [
    'en-CA',
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
  ],
  offset: ['en-US', { timeZoneName: 'longOffset' }],
} satisfies Record<string, [string, Intl.DateTimeFormatOptions]>

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * One Intl formatter per zone and shape: building one costs far more than using it, and
 * queries format thousands of instants.
 */
export function zoneFormatter(shape: keyof typeof SHAPES, timezone: string): Intl.DateTimeFormat {
  const key = `${shape} ${timezone}`
  let f = formatters.get(key)
  if (!f) {
    const [locale, options] = SHAPES[shape]
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone })
    formatters.set(key, f)
  }
  return f
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(ms: number, timezone: string): string {
  return zoneFormatter('date', timezone).format(ms)
}

/** A valid calendar date, e.g. not 2026-02-30. */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Adds calendar months, clamping the day (03-31 minus one month is 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const first = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  first.setUTCDate(Math.min(d, last))
  return first.toISOString().slice(0, 10)
}

const startOfMonth = (date: string) => `${date.slice(0, 8)}01`
const endOfMonth = (date: string) => addDays(addMonths(startOfMonth(date), 1), -1)

/** Number of days in an inclusive date window. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

// The store's dates (ClickHouse Date, DateTime) hold nothing earlier, and no site is older.
const FIRST_DATE = '1970-01-01'
const LAST_DATE = '2100-12-31'
const END_MS = Date.UTC(2101, 0, 1)

const RELATIVE_DAYS: Record<string, number> = { '7d': 7, '28d': 28, '30d': 30, '91d': 91 }

/**
 * Resolves a Plausible-style date_range (a period name or a pair of dates or offset
 * datetimes) against "now" in the site's zone. `firstDay` bounds the range "all".
 */
export function resolveDateRange(
  input: unknown,
  timezone: string,
  now: number,
  firstDay: string,
  field = 'date_range',
): Parsed<TimeWindow> {
  const today = localDate(now, timezone)
  const dates = (from: string, to: string): Parsed<TimeWindow> => ({
    ok: true,
    value: { kind: 'dates', from, to },
  })
  if (typeof input === 'string') {
    const days = RELATIVE_DAYS[input]
    if (days !== undefined) return dates(addDays(today, 1 - days), today)
    switch (input) {
      case 'day':
        return dates(today, today)
      case 'month':
        return dates(startOfMonth(today), endOfMonth(today))
      case '6mo':
        return dates(addMonths(startOfMonth(today), -5), endOfMonth(today))
      case '12mo':
        return dates(addMonths(startOfMonth(today), -11), endOfMonth(today))
      case 'year':
        return dates(`${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-12-31`)
      case 'all':
        return dates(firstDay < today ? firstDay : today, today)
    }
    return {
      ok: false,
      field,
      error: `${field}: "${input.slice(0, 40)}" is not a period; use day, 7d, 28d, 30d, 91d, month, 6mo, 12mo, year, all or a pair of dates`,
    }
  }
  if (!Array.isArray(input) || input.length !== 2 || !input.every((v) => typeof v === 'string'))
    return { ok: false, field, error: `${field}: must be a period name or a pair of dates` }
  const [from, to] = input as [string, string]
  const outside = {
    ok: false,
    field,
    error: `${field}: use dates from ${FIRST_DATE} to ${LAST_DATE}`,
  } as const
  if (isDate(from) && isDate(to)) {
    if (from > to) return { ok: false, field, error: `${field}: the start is after the end` }
    if (from < FIRST_DATE || to > LAST_DATE) return outside
    return dates(from, to)
  }
  if (DATETIME.test(from) && DATETIME.test(to)) {
    const fromMs = Date.parse(from)
    const toMs = Date.parse(to)
    // Date.parse rolls an impossible day over (30 February becomes 2 March): refuse it.
    if (
      !Number.isFinite(fromMs) ||
      !Number.isFinite(toMs) ||
      !isDate(from.slice(0, 10)) ||
      !isDate(to.slice(0, 10))
    )
      return { ok: false, field, error: `${field}: not a valid datetime` }
    if (fromMs > toMs) return { ok: false, field, error: `${field}: the start is after the end` }
    if (fromMs < 0 || toMs >= END_MS) return outside
    // An end given to the second includes that second.
    return { ok: true, value: { kind: 'instants', fromMs, toMs: toMs + 1000 - (toMs % 1000) } }
  }
  return {
    ok: false,
    field,
    error: `${field}: use two dates (YYYY-MM-DD) or two ISO 8601 datetimes with an offset`,
  }
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(ms: number, timezone: string): number {
  const name =
    zoneFormatter('offset', timezone)
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name)
  if (!m) return 0
  const sign = m[1] === '-' ? -1 : 1
  return sign * ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000
}

/**
 * The same local time in the zone a year earlier (29 February → 28 February): a comparison
 * over datetimes compares like hours, whatever daylight-saving time did in between.
 */
function localYearBefore(ms: number, timezone: string): number {
  const wall = new Date(ms + offsetMs(ms, timezone)).toISOString()
  const before = Date.parse(`${addMonths(wall.slice(0, 10), -12)}${wall.slice(10)}`)
  // A local time that exists once maps back exactly; one in a skipped hour lands just after it.
  const guess = before - offsetMs(before, timezone)
  return before - offsetMs(guess, timezone)
}

/** The window a comparison looks at: the period before, the year before, or a given one. */
export function comparisonWindow(
  window: TimeWindow,
  mode: 'previous_period' | 'year_over_year',
  timezone: string,
): TimeWindow {
  if (window.kind === 'instants') {
    if (mode === 'year_over_year')
      return {
        kind: 'instants',
        fromMs: localYearBefore(window.fromMs, timezone),
        toMs: localYearBefore(window.toMs, timezone),
      }
    const length = window.toMs - window.fromMs
    return { kind: 'instants', fromMs: window.fromMs - length, toMs: window.toMs - length }
  }
  if (mode === 'year_over_year')
    return { kind: 'dates', from: addMonths(window.from, -12), to: addMonths(window.to, -12) }
  const days = daysIn(window.from, window.to)
  return { kind: 'dates', from: addDays(window.from, -days), to: addDays(window.to, -days) }
}
