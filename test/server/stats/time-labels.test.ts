import { describe, expect, test } from 'vitest'
import { addDays } from '../../../server/stats/date-range'
import { startOfLocalDay, timeLabels, windowIso } from '../../../server/stats/time-labels'

describe('timeLabels', () => {
  test.each([
    // Berlin skips 02:00 on 29 March 2026 and repeats it on 25 October 2026.
    ['Europe/Berlin', '2026-03-29', 23, '2026-03-29 03:00:00'],
    ['Europe/Berlin', '2026-10-25', 24, '2026-10-25 02:00:00'],
    // Santiago skips midnight on 6 September 2026: the day starts at 01:00.
    ['America/Santiago', '2026-09-06', 23, '2026-09-06 01:00:00'],
    ['UTC', '2026-09-06', 24, '2026-09-06 00:00:00'],
  ])('%s on %s has %i hour labels, among them %s', (tz, day, count, sample) => {
    const labels = timeLabels({ kind: 'dates', from: day, to: day }, 'hour', tz)
    expect(labels).toHaveLength(count)
    expect(labels).toContain(sample)
    expect(new Set(labels).size).toBe(labels.length)
  })

  test('Santiago 6 September has no midnight label', () => {
    const labels = timeLabels(
      { kind: 'dates', from: '2026-09-06', to: '2026-09-06' },
      'hour',
      'America/Santiago',
    )
    expect(labels[0]).toBe('2026-09-06 01:00:00')
  })

  test.each([
    ['day', ['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02']],
    ['week', ['2026-03-30']],
    ['month', ['2026-03-01', '2026-04-01']],
  ] as const)('%s labels', (granularity, expected) => {
    expect(
      timeLabels(
        { kind: 'dates', from: '2026-03-30', to: '2026-04-02' },
        granularity,
        'Europe/Berlin',
      ),
    ).toEqual(expected)
  })

  test('a week cut by the window start is labelled by the first day', () => {
    expect(
      timeLabels({ kind: 'dates', from: '2026-04-01', to: '2026-04-14' }, 'week', 'UTC'),
    ).toEqual(['2026-04-01', '2026-04-06', '2026-04-13'])
  })

  test.each([
    // Kolkata is UTC+05:30: its hours begin at half past a UTC hour.
    ['Asia/Kolkata', '2026-11-20T10:00:00+05:30', '2026-11-20T12:00:00+05:30', ['10', '11']],
    ['Asia/Kathmandu', '2026-11-20T10:15:00+05:45', '2026-11-20T11:15:00+05:45', ['10', '11']],
    ['Europe/Berlin', '2026-11-20T10:30:00+01:00', '2026-11-20T12:10:00+01:00', ['10', '11', '12']],
  ])('hour labels of an instant window in %s from %s to %s', (tz, from, to, hours) => {
    expect(
      timeLabels({ kind: 'instants', fromMs: Date.parse(from), toMs: Date.parse(to) }, 'hour', tz),
    ).toEqual(hours.map((h) => `2026-11-20 ${h}:00:00`))
  })

  test('minute labels of an instant window', () => {
    const from = Date.UTC(2026, 10, 20, 11, 58)
    expect(
      timeLabels(
        { kind: 'instants', fromMs: from, toMs: from + 3 * 60_000 },
        'minute',
        'Europe/Berlin',
      ),
    ).toEqual(['2026-11-20 12:58:00', '2026-11-20 12:59:00', '2026-11-20 13:00:00'])
  })
})

describe('windowIso', () => {
  test.each([
    ['Europe/Berlin', '2026-03-29', ['2026-03-29T00:00:00+01:00', '2026-03-29T23:59:59+02:00']],
    ['America/Santiago', '2026-09-06', ['2026-09-06T01:00:00-03:00', '2026-09-06T23:59:59-03:00']],
    ['UTC', '2026-01-01', ['2026-01-01T00:00:00+00:00', '2026-01-01T23:59:59+00:00']],
  ] as const)('%s %s', (tz, day, expected) => {
    expect(windowIso({ kind: 'dates', from: day, to: day }, tz)).toEqual(expected)
  })
})

describe('startOfLocalDay', () => {
  /** The definition: the first quarter hour whose local date is the day. */
  const reference = (date: string, tz: string) => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz, dateStyle: 'short' })
    const base = Date.parse(`${date}T00:00:00Z`)
    for (let t = base - 15 * 3_600_000; t <= base + 15 * 3_600_000; t += 900_000)
      if (day.format(t) === date) return t
    return base
  }

  // Midnights skipped (Santiago, São Paulo 2018), repeated (Beirut, Havana), a skipped day
  // (Apia 2011-12-30), quarter-hour offsets (Kathmandu, Chatham) and half-hour changes (Lord Howe).
  test.each([
    'Europe/Berlin',
    'America/Santiago',
    'America/Sao_Paulo',
    'Asia/Beirut',
    'America/Havana',
    'Pacific/Apia',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Australia/Lord_Howe',
    'America/St_Johns',
    'Africa/Casablanca',
  ])('every day of 2011-12, 2018 and 2026 in %s', (tz) => {
    const days = [
      ['2011-12-01', '2011-12-31'],
      ['2018-01-01', '2018-12-31'],
      ['2026-01-01', '2026-12-31'],
    ].flatMap(([from, to]) => {
      const list: string[] = []
      for (let d = from!; d <= to!; d = addDays(d, 1)) list.push(d)
      return list
    })
    const wrong = days.filter((d) => startOfLocalDay(d, tz) !== reference(d, tz))
    expect(wrong).toEqual([])
  })
})
