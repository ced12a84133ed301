import { describe, expect, test } from 'vitest'
import {
  allowedIntervals,
  dateRangeOf,
  intervalOf,
  lastMinutes,
  parseView,
  serializeView,
  withFilter,
  type ViewState,
} from '../../../dashboard/src/lib/view-state'

// 2026-03-29 00:30 UTC is 01:30 in Berlin on the day clocks go forward, and still the 28th
// in New York: "today" must follow the site's zone, not the viewer's.
const NOW = Date.UTC(2026, 2, 29, 0, 30)

describe('dateRangeOf', () => {
  test.each([
    ['day', 'Europe/Berlin', ['2026-03-29', '2026-03-29']],
    ['day', 'America/New_York', ['2026-03-28', '2026-03-28']],
    ['yesterday', 'Europe/Berlin', ['2026-03-28', '2026-03-28']],
    ['7d', 'Europe/Berlin', ['2026-03-23', '2026-03-29']],
    ['28d', 'Europe/Berlin', ['2026-03-02', '2026-03-29']],
    ['30d', 'Europe/Berlin', ['2026-02-28', '2026-03-29']],
    ['91d', 'Europe/Berlin', ['2025-12-29', '2026-03-29']],
    ['month', 'Europe/Berlin', ['2026-03-01', '2026-03-29']],
    ['last_month', 'Europe/Berlin', ['2026-02-01', '2026-02-28']],
    ['6mo', 'Europe/Berlin', ['2025-10-01', '2026-03-29']],
    ['12mo', 'Europe/Berlin', ['2025-04-01', '2026-03-29']],
    ['year', 'Europe/Berlin', ['2026-01-01', '2026-03-29']],
    ['all', 'Europe/Berlin', 'all'],
  ] as const)('%s in %s', (period, tz, expected) => {
    const view: ViewState = { period, filters: [], metric: 'visitors' }
    expect(dateRangeOf(view, tz, NOW)).toEqual(expected)
  })

  test('custom keeps its dates; realtime is the last 30 minutes as instants', () => {
    const custom: ViewState = {
      period: 'custom',
      from: '2026-01-05',
      to: '2026-01-09',
      filters: [],
      metric: 'visitors',
    }
    expect(dateRangeOf(custom, 'UTC', NOW)).toEqual(['2026-01-05', '2026-01-09'])
    const rt: ViewState = { period: 'realtime', filters: [], metric: 'visitors' }
    expect(dateRangeOf(rt, 'UTC', NOW + 123)).toEqual([
      '2026-03-29T00:00:00Z',
      '2026-03-29T00:30:00Z',
    ])
    expect(lastMinutes(5, NOW)).toEqual(['2026-03-29T00:25:00Z', '2026-03-29T00:30:00Z'])
  })
})

describe('URL state', () => {
  test('a full view survives serialise → parse, values with commas and % included', () => {
    const view: ViewState = {
      period: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      compare: 'year_over_year',
      filters: [
        ['is', 'visit:source', ['Google', 'a,b %2C c']],
        ['contains_not', 'event:page', ['/blog']],
      ],
      interval: 'week',
      metric: 'pageviews',
    }
    const params = serializeView(view)
    expect(parseView(new URLSearchParams(params.toString()))).toEqual(view)
  })

  test.each(['Größe', 'plan type', 'a,b', 'Tarif/Plan (€)'])(
    'a filter on the custom property %j survives the URL',
    (prop) => {
      const view: ViewState = {
        period: '28d',
        filters: [['is', `event:props:${prop}`, ['M']]],
        metric: 'visitors',
      }
      const params = serializeView(view)
      expect(parseView(new URLSearchParams(params.toString()))).toEqual(view)
    },
  )

  test('defaults are left out of the URL', () => {
    expect(serializeView({ period: '28d', filters: [], metric: 'visitors' }).toString()).toBe('')
  })

  test.each([
    ['period=forever', { period: '28d' }],
    ['period=custom&from=2026-02-30&to=2026-03-01', { period: '28d' }],
    ['period=custom&from=2026-03-05&to=2026-03-01', { period: '28d' }],
    ['f=equals,visit:source,Google', { filters: [] }],
    ['f=is,visit:source', { filters: [] }],
    ['f=is,DROP TABLE,x', { filters: [] }],
    ['compare=last_century', { compare: undefined }],
    ['metric=revenue', { metric: 'visitors' }],
  ])('malformed %s falls back', (qs, expected) => {
    expect(parseView(new URLSearchParams(qs))).toMatchObject(expected)
  })

  test('a filter on the same dimension and operator replaces the earlier one', () => {
    const v = withFilter(
      { period: '7d', filters: [['is', 'visit:source', ['Google']]], metric: 'visitors' },
      ['is', 'visit:source', ['Bing']],
    )
    expect(v.filters).toEqual([['is', 'visit:source', ['Bing']]])
  })
})

describe('intervals', () => {
  test.each([
    [['2026-03-29', '2026-03-29'], ['hour'], 'hour'],
    [['2026-03-01', '2026-03-29'], ['hour', 'day', 'week'], 'day'],
    [['2025-04-01', '2026-03-29'], ['day', 'week', 'month'], 'month'],
    ['all', ['day', 'week', 'month'], 'month'],
  ] as const)('%j allows %j, default %s', (range, allowed, def) => {
    const r = typeof range === 'string' ? range : ([...range] as [string, string])
    expect(allowedIntervals(r)).toEqual(allowed)
    expect(intervalOf({ period: 'custom', filters: [], metric: 'visitors' }, r)).toBe(def)
  })

  test('a chosen interval that does not fit the range is replaced by the default', () => {
    const view: ViewState = { period: '7d', filters: [], metric: 'visitors', interval: 'month' }
    expect(intervalOf(view, ['2026-03-23', '2026-03-29'])).toBe('day')
  })
})
