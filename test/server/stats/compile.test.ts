import { describe, expect, test } from 'vitest'
import type { Goal } from '../../../server/goals/goals'
import { compilePart, type PartSpec } from '../../../server/stats/compile'
import { StatsQueryError } from '../../../server/stats/errors'

const GOALS: Goal[] = [
  {
    id: 'g1',
    siteId: 1,
    kind: 'event',
    eventName: 'Signup',
    pagePath: '',
    displayName: 'Signup',
    currency: '',
    createdAt: 0,
  },
  {
    id: 'g2',
    siteId: 1,
    kind: 'page',
    eventName: '',
    pagePath: '/blog/**',
    displayName: 'Blog',
    currency: '',
    createdAt: 0,
  },
]

const base: PartSpec = {
  table: 'sessions',
  siteId: 1,
  timezone: 'Europe/Berlin',
  window: { kind: 'dates', from: '2026-03-29', to: '2026-03-29' },
  granularity: 'day',
  dimensions: [],
  metrics: ['visitors'],
  filters: [],
  goals: GOALS,
}

const INJECTIONS = [
  "'; DROP TABLE events; --",
  "x') OR 1=1 --",
  '{site:UInt32}',
  '`sign`',
  '\\',
  "'\u0000",
]

describe('compilePart', () => {
  test('the time zone and the window are parameters, never SQL text', () => {
    const { sql, params } = compilePart({ ...base, dimensions: ['time:hour'] })
    expect(sql).not.toContain('Europe/Berlin')
    expect(sql).not.toMatch(/2026|1774|1775/)
    // Local midnights of 29 and 30 March in Berlin (CET, then CEST), as UTC instants.
    expect(Object.values(params)).toEqual(
      expect.arrayContaining([
        'Europe/Berlin',
        Date.UTC(2026, 2, 28, 23),
        Date.UTC(2026, 2, 29, 22),
      ]),
    )
  })

  test.each(INJECTIONS)('the value %j reaches SQL only as a parameter, in every field', (evil) => {
    const { sql, params } = compilePart({
      ...base,
      table: 'events',
      dimensions: ['event:page', `event:props:${evil}`],
      metrics: ['visitors', 'pageviews'],
      filters: [
        { op: 'is', dimension: 'visit:source', values: [evil], caseSensitive: false },
        { op: 'contains', dimension: 'event:page', values: [evil], caseSensitive: true },
        { op: 'matches', dimension: `event:props:${evil}`, values: [evil], caseSensitive: false },
        {
          op: 'not',
          filter: {
            op: 'is_not',
            dimension: 'visit:exit_page',
            values: [evil],
            caseSensitive: true,
          },
        },
      ],
      keys: [[evil, evil]],
    })
    expect(sql).not.toContain(evil)
    const serialised = JSON.stringify(params)
    expect(serialised).toContain(JSON.stringify(evil).slice(1, -1))
  })

  test('an unknown goal in a filter is a StatsQueryError naming filters', () => {
    expect(() =>
      compilePart({
        ...base,
        filters: [{ op: 'is', dimension: 'event:goal', values: ['Nope'], caseSensitive: true }],
      }),
    ).toThrow(new StatsQueryError('filters', 'the goal "Nope" is not set up for this site'))
  })

  test('visits read collapsed (FINAL) only when a changing column is involved', () => {
    expect(compilePart({ ...base, dimensions: ['visit:source'] }).sql).not.toContain('FINAL')
    expect(compilePart({ ...base, dimensions: ['visit:exit_page'] }).sql).toContain(
      'FROM sessions FINAL',
    )
  })

  test('an event filter on visits becomes a sub-query over events', () => {
    const { sql } = compilePart({
      ...base,
      filters: [{ op: 'is_not', dimension: 'event:page', values: ['/x'], caseSensitive: true }],
    })
    expect(sql).toMatch(/NOT \(session_id IN \(SELECT session_id FROM events WHERE/)
  })

  test('ordering by a metric not computed here is refused', () => {
    expect(() =>
      compilePart({ ...base, dimensions: ['visit:source'], orderBy: [['bounce_rate', 'desc']] }),
    ).toThrow(StatsQueryError)
  })
})
