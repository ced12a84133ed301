// Plain calendar dates ("2026-11-20") and the site's "today". All arithmetic is on UTC
// midnights, so daylight-saving shifts cannot move a date.

/** Today's date in a time zone. */
export function todayIn(timezone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(now)
  } catch {
    return new Date(now).toISOString().slice(0, 10)
  }
}

const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`)
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * 86_400_000)
}

/** The first day of the month `months` months after (or before) the date's month. */
export function monthStart(date: string, months = 0): string {
  const d = new Date(toMs(date))
  return fromMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1))
}

/** The last day of the date's month. */
export function monthEnd(date: string): string {
  return addDays(monthStart(date, 1), -1)
}

/** Whole days from a to b, counting both. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / 86_400_000) + 1
}

export function isIsoDate(s: string | null | undefined): s is string {
  // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip.
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toMs(s)) && fromMs(toMs(s)) === s
}
