/** Offset of `zone` from UTC at instant `ms`, in milliseconds (positive east of Greenwich). */
function offsetAt(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return asUtc - Math.floor(ms / 1000) * 1000
}

/**
 * The instant a calendar day (YYYY-MM-DD) begins in a time zone. Days that start in a
 * daylight-saving gap begin at the first instant that exists.
 */
export function startOfDay(isoDate: string, zone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number)
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
  let guess = wall - offsetAt(wall, zone)
  guess = wall - offsetAt(guess, zone)
  return guess
}

/** The calendar day after `isoDate`. */
export function nextDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10)
}
