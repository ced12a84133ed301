import { describe, expect, test } from 'vitest'
import { comparisonWindow, resolveDateRange } from '../../../server/stats/date-range'

// 2026-11-20 12:00 UTC; in Pacific/Auckland it is already the 21st.
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)

describe('resolveDateRange', () => {
  test.each([
    ['day', 'Europe/Berlin', '2026-11-20', '2026-11-20'],
    ['day', 'Pacific/Auckland', '2026-11-21', '2026-11-21'],
    ['7d', 'Europe/Berlin', '2026-11-14', '2026-11-20'],
    ['28d', 'Europe/Berlin', '2026-10-24', '2026-11-20'],
    ['30d', 'Europe/Berlin', '2026-10-22', '2026-11-20'],
    ['91d', 'Europe/Berlin', '2026-08-22', '2026-11-20'],
    ['month', 'Europe/Berlin', '2026-11-01', '2026-11-30'],
    ['6mo', 'Europe/Berlin', '2026-06-01', '2026-11-30'],
    ['12mo', 'Europe/Berlin', '2025-12-01', '2026-11-30'],
    ['year', 'Europe/Berlin', '2026-01-01', '2026-12-31'],
    ['all', 'Europe/Berlin', '2026-03-01', '2026-11-20'],
  ])('%s in %s is %s … %s', (input, tz, from, to) => {
    expect(resolveDateRange(input, tz, NOW, '2026-03-01')).toEqual({
      ok: true,
      value: { kind: 'dates', from, to },
    })
  })

  test('a pair of dates is taken as given', () => {
    expect(
      resolveDateRange(['2026-03-29', '2026-03-30'], 'Europe/Berlin', NOW, '2026-01-01'),
    ).toEqual({
      ok: true,
      value: { kind: 'dates', from: '2026-03-29', to: '2026-03-30' },
    })
  })

  test('the widest range: 1970-01-01 to 2100-12-31', () => {
    expect(resolveDateRange(['1970-01-01', '2100-12-31'], 'UTC', NOW, '2026-01-01')).toEqual({
      ok: true,
      value: { kind: 'dates', from: '1970-01-01', to: '2100-12-31' },
    })
    expect(
      resolveDateRange(
        ['1970-01-01T01:00:00+01:00', '2100-12-31T23:59:59Z'],
        'UTC',
        NOW,
        '2026-01-01',
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'instants', fromMs: 0, toMs: Date.UTC(2101, 0, 1) },
    })
  })

  test('datetimes with offsets become exact instants, the end second included', () => {
    expect(
      resolveDateRange(
        ['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00'],
        'UTC',
        NOW,
        '2026-01-01',
      ),
    ).toEqual({
      ok: true,
      value: {
        kind: 'instants',
        fromMs: Date.UTC(2026, 2, 29, 0),
        toMs: Date.UTC(2026, 2, 29, 1, 0, 1),
      },
    })
  })

  test.each([
    ['yesterday', 'is not a period'],
    [['2026-02-30', '2026-03-01'], 'use two dates'],
    [['2026-03-02', '2026-03-01'], 'the start is after the end'],
    [['2026-03-01T10:00:00', '2026-03-02T10:00:00'], 'use two dates'],
    [['2026-03-01'], 'a pair of dates'],
    [42, 'a pair of dates'],
    ["'; DROP TABLE events; --", 'is not a period'],
    // Date.parse would roll 30 February over to 2 March.
    [['2026-02-30T10:00:00Z', '2026-03-31T10:00:00Z'], 'not a valid datetime'],
    [['2026-03-01T10:00:00+01:00', '2026-04-31T10:00:00+02:00'], 'not a valid datetime'],
    // Outside what the store's dates hold; the echo of such a range was not even ISO 8601.
    [['0001-01-01', '2026-12-31'], 'from 1970-01-01 to 2100-12-31'],
    [['2026-01-01', '9999-12-31'], 'from 1970-01-01 to 2100-12-31'],
    [['1969-12-31T23:00:00Z', '2026-01-01T00:00:00Z'], 'from 1970-01-01 to 2100-12-31'],
    [['2026-01-01T00:00:00Z', '2101-01-01T00:00:00Z'], 'from 1970-01-01 to 2100-12-31'],
  ])('%j is refused: %s', (input, message) => {
    const r = resolveDateRange(input, 'Europe/Berlin', NOW, '2026-01-01')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.field).toBe('date_range')
      expect(r.error).toContain(message)
    }
  })
})

describe('comparisonWindow', () => {
  test.each([
    ['previous_period', '2026-11-14', '2026-11-20', '2026-11-07', '2026-11-13'],
    ['previous_period', '2026-03-01', '2026-03-31', '2026-01-29', '2026-02-28'],
    ['year_over_year', '2024-02-01', '2024-02-29', '2023-02-01', '2023-02-28'],
  ] as const)('%s of %s … %s is %s … %s', (mode, from, to, cFrom, cTo) => {
    expect(comparisonWindow({ kind: 'dates', from, to }, mode, 'UTC')).toEqual({
      kind: 'dates',
      from: cFrom,
      to: cTo,
    })
  })

  test('instants a year over year from 29 February are on 28 February', () => {
    const from = Date.UTC(2024, 1, 29, 10)
    expect(
      comparisonWindow(
        { kind: 'instants', fromMs: from, toMs: from + 7_200_000 },
        'year_over_year',
        'UTC',
      ),
    ).toEqual({
      kind: 'instants',
      fromMs: Date.UTC(2023, 1, 28, 10),
      toMs: Date.UTC(2023, 1, 28, 12),
    })
  })

  test.each([
    // Berlin is on summer time on 29 March 2026 but not yet on 29 March 2025.
    [
      'Europe/Berlin',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T04:00:00+02:00',
      '2025-03-29T03:00:00+01:00',
      '2025-03-29T04:00:00+01:00',
    ],
    [
      'Europe/Berlin',
      '2026-10-26T00:30:00+01:00',
      '2026-10-26T01:30:00+01:00',
      '2025-10-26T00:30:00+02:00',
      '2025-10-26T01:30:00+02:00',
    ],
    [
      'America/New_York',
      '2026-03-08T12:00:00-04:00',
      '2026-03-08T13:00:00-04:00',
      '2025-03-08T12:00:00-05:00',
      '2025-03-08T13:00:00-05:00',
    ],
    [
      'UTC',
      '2024-02-29T10:00:00Z',
      '2024-02-29T12:00:00Z',
      '2023-02-28T10:00:00Z',
      '2023-02-28T12:00:00Z',
    ],
  ])(
    'in %s, instants %s … %s a year over year are %s … %s (the same local times)',
    (tz, from, to, cFrom, cTo) => {
      expect(
        comparisonWindow(
          { kind: 'instants', fromMs: Date.parse(from), toMs: Date.parse(to) },
          'year_over_year',
          tz,
        ),
      ).toEqual({ kind: 'instants', fromMs: Date.parse(cFrom), toMs: Date.parse(cTo) })
    },
  )

  test('instants shift by their own length', () => {
    expect(
      comparisonWindow({ kind: 'instants', fromMs: 1000, toMs: 4000 }, 'previous_period', 'UTC'),
    ).toEqual({
      kind: 'instants',
      fromMs: -2000,
      toMs: 1000,
    })
  })
})
