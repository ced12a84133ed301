import { describe, expect, test } from 'vitest'
import { labelToSeconds, secondsToLabel, toSeries } from '../../../dashboard/src/lib/series'

describe('uPlot columns', () => {
  test('every time label gets a point; missing buckets are 0; comparison aligned by label', () => {
    const result = {
      results: [
        {
          dimensions: ['2026-11-18'],
          metrics: [5],
          comparison: { dimensions: ['2026-11-11'], metrics: [4], change: [25] },
        },
        { dimensions: ['2026-11-20'], metrics: [7] },
      ],
      meta: { time_labels: ['2026-11-18', '2026-11-19', '2026-11-20'] },
      query: {},
    }
    const [xs, ys, cmp] = toSeries(result, true)
    expect(xs).toEqual([
      Date.UTC(2026, 10, 18) / 1000,
      Date.UTC(2026, 10, 19) / 1000,
      Date.UTC(2026, 10, 20) / 1000,
    ])
    expect(ys).toEqual([5, 0, 7])
    expect(cmp).toEqual([4, null, null])
    expect(toSeries(result, false)).toHaveLength(2)
  })

  test('a compared bucket whose numbers are withheld is a gap, not a 0', () => {
    const [, , cmp] = toSeries(
      {
        results: [
          {
            dimensions: ['2026-11-20'],
            metrics: [3],
            comparison: { dimensions: ['2026-11-19'], metrics: [null], change: [null] },
          },
        ],
        meta: { time_labels: ['2026-11-20'] },
        query: {},
      },
      true,
    )
    expect(cmp).toEqual([null])
  })

  test('hour labels are wall times read as UTC and convert back', () => {
    const s = labelToSeconds('2026-03-29 03:00:00')
    expect(s).toBe(Date.UTC(2026, 2, 29, 3) / 1000)
    expect(secondsToLabel(s)).toBe('2026-03-29 03:00:00')
  })
})
