import { describe, expect, test } from 'vitest'
import { parseQuery, queryBodySchema } from '../../../server/stats/parse-query'

const SITE = { id: 1, timezone: 'Europe/Berlin', createdAt: Date.UTC(2026, 0, 1) }
const NOW = Date.UTC(2026, 10, 20, 12)

function parse(body: Record<string, unknown>) {
  const outer = queryBodySchema.safeParse({ site_id: 'example.com', date_range: '7d', ...body })
  if (!outer.success)
    return {
      ok: false as const,
      field: outer.error.issues[0]?.path.join('.') ?? '',
      error: 'schema',
    }
  return parseQuery(outer.data, SITE, NOW)
}

describe('parseQuery', () => {
  test('a full query resolves dates, order and granularity', () => {
    const r = parse({
      metrics: ['visitors', 'bounce_rate'],
      dimensions: ['time'],
      filters: [
        ['is', 'visit:country', ['DE']],
        ['not', ['contains', 'event:page', ['/admin'], { case_sensitive: false }]],
      ],
      include: { time_labels: true, comparisons: { mode: 'previous_period' } },
    })
    expect(r).toEqual({
      ok: true,
      value: {
        siteId: 1,
        timezone: 'Europe/Berlin',
        metrics: ['visitors', 'bounce_rate'],
        dimensions: ['time'],
        filters: [
          { op: 'is', dimension: 'visit:country', values: ['DE'], caseSensitive: true },
          {
            op: 'not',
            filter: {
              op: 'contains',
              dimension: 'event:page',
              values: ['/admin'],
              caseSensitive: false,
            },
          },
        ],
        window: { kind: 'dates', from: '2026-11-14', to: '2026-11-20' },
        orderBy: [['time', 'asc']],
        include: { timeLabels: true, totalRows: false },
        comparison: {
          mode: 'previous_period',
          window: { kind: 'dates', from: '2026-11-07', to: '2026-11-13' },
        },
        limit: 10000,
        offset: 0,
        timeGranularity: 'day',
      },
    })
  })

  test.each([
    [{ metrics: ['visitors', 'sessions'] }, 'metrics[1]', 'unknown metric "sessions"'],
    [{ metrics: ['visitors', 'visitors'] }, 'metrics[1]', 'listed twice'],
    [{ metrics: ['visitors'], dimensions: ['visit:planet'] }, 'dimensions[0]', 'unknown dimension'],
    [
      { metrics: ['visitors'], dimensions: ['time:day', 'time:hour'] },
      'dimensions',
      'one time dimension',
    ],
    [{ metrics: ['conversion_rate'] }, 'metrics[0]', 'needs an event:goal'],
    [{ metrics: ['total_revenue'] }, 'metrics[0]', 'needs an event:goal'],
    [
      { metrics: ['group_conversion_rate'], filters: [['is', 'event:goal', ['Signup']]] },
      'metrics[0]',
      'needs dimensions',
    ],
    [{ metrics: ['percentage'] }, 'metrics[0]', 'needs at least one dimension'],
    [{ metrics: ['scroll_depth'] }, 'metrics[0]', 'needs an event:page'],
    [
      { metrics: ['time_on_page'], dimensions: ['visit:source'] },
      'metrics[0]',
      'needs an event:page',
    ],
    [
      { metrics: ['bounce_rate'], dimensions: ['event:props:plan'] },
      'metrics[0]',
      'cannot be combined with the dimension event:props:plan',
    ],
    [
      { metrics: ['visit_duration'], dimensions: ['event:goal'] },
      'metrics[0]',
      'cannot be combined with the dimension event:goal',
    ],
    [{ metrics: ['visitors'], date_range: 'fortnight' }, 'date_range', 'is not a period'],
    [
      { metrics: ['visitors'], date_range: ['2026-13-01', '2026-12-01'] },
      'date_range',
      'use two dates',
    ],
    [
      { metrics: ['visitors'], include: { time_labels: true } },
      'include.time_labels',
      'needs a time dimension',
    ],
    [
      { metrics: ['visitors'], order_by: [['pageviews', 'desc']] },
      'order_by[0]',
      'neither a queried metric',
    ],
    [
      { metrics: ['visitors'], include: { comparisons: { mode: 'custom' } } },
      'include.comparisons.date_range',
      'needed for mode custom',
    ],
    [
      {
        metrics: ['visitors'],
        include: { comparisons: { mode: 'custom', date_range: ['2026-01-02', '2026-01-01'] } },
      },
      'include.comparisons.date_range',
      'start is after the end',
    ],
    [
      { metrics: ['visitors'], dimensions: ['time:minute'], date_range: '7d' },
      'dimensions',
      'time:minute',
    ],
    [
      { metrics: ['visitors'], filters: [['equals', 'visit:country', ['DE']]] },
      'filters[0]',
      'unknown operator "equals"',
    ],
    [
      { metrics: ['visitors'], filters: [['is', 'visit:planet', ['Mars']]] },
      'filters[0][1]',
      'cannot filter by "visit:planet"',
    ],
    [
      { metrics: ['visitors'], filters: [['is', 'time', ['2026-01-01']]] },
      'filters[0][1]',
      'cannot filter by "time"',
    ],
    [
      { metrics: ['visitors'], filters: [['is', 'visit:country', []]] },
      'filters[0][2]',
      'list of 1 to 500',
    ],
    [
      { metrics: ['visitors'], filters: [['is', 'visit:country', [{ a: 1 }]]] },
      'filters[0][2]',
      'list of 1 to 500',
    ],
    [
      { metrics: ['visitors'], filters: [['is', 'visit:country', ['DE'], { exact: true }]] },
      'filters[0][3]',
      'unknown modifier',
    ],
    [{ metrics: ['visitors'], filters: [['and', []]] }, 'filters[0]', 'non-empty list'],
    [
      {
        metrics: ['visitors'],
        filters: [
          [
            'or',
            [
              ['is', 'visit:city', ['x']],
              ['is', 'nope', ['x']],
            ],
          ],
        ],
      },
      'filters[0][1][1][1]',
      'cannot filter by "nope"',
    ],
    [{ metrics: ['visitors'], filters: ['visit:country'] }, 'filters[0]', 'a filter is a list'],
  ])('%j → 400 on %s', (body, field, message) => {
    const r = parse(body)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.field).toBe(field)
      expect(r.error).toContain(message)
    }
  })

  test.each([
    [{ metrics: [] }, 'metrics'],
    [{ metrics: ['visitors'], pagination: { limit: 10001 } }, 'pagination.limit'],
    [{ metrics: ['visitors'], pagination: { offset: -1 } }, 'pagination.offset'],
    [
      { metrics: ['visitors'], include: { comparisons: { mode: 'last_week' } } },
      'include.comparisons.mode',
    ],
    [{ metrics: ['visitors'], order_by: [['visitors', 'up']] }, 'order_by.0.1'],
    [{ metrics: ['visitors'], surprise: 1 }, ''],
  ])('the body schema refuses %j at %s', (body, field) => {
    const r = parse(body)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.field).toBe(field)
  })

  test.each([
    [['2026-11-20', '2026-11-20'], 'hour'],
    [['2026-11-01', '2026-11-30'], 'day'],
    [['2026-01-01', '2026-12-31'], 'month'],
  ])('the bare time dimension over %j is by %s', (date_range, granularity) => {
    const r = parse({ metrics: ['visitors'], dimensions: ['time'], date_range })
    expect(r.ok && r.value.timeGranularity).toBe(granularity)
  })
})

describe('default order of a breakdown', () => {
  test.each([
    [['visitors', 'bounce_rate'], ['visit:source'], [['visitors', 'desc']]],
    [['bounce_rate', 'visitors'], ['visit:source'], [['bounce_rate', 'desc']]],
    [['bounce_rate', 'visitors'], ['event:page'], [['visitors', 'desc']]],
    [['group_conversion_rate', 'visitors'], ['event:goal'], [['visitors', 'desc']]],
    [['group_conversion_rate'], ['event:goal'], []],
    [['visitors'], ['time:day'], [['time:day', 'asc']]],
  ])('%j by %j', (metrics, dimensions, expected) => {
    const r = parse({ metrics, dimensions })
    expect(r.ok && r.value.orderBy).toEqual(expected)
  })
})
