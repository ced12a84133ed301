import { describe, expect, test } from 'vitest'
import {
  formatAxisLabel,
  formatCompact,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
  interpolate,
} from '../../dashboard/src/i18n'
import { formatMetric } from '../../dashboard/src/lib/format-metric'

describe('locale formats', () => {
  test.each([
    ['en', 1234567, '1,234,567', '42.5%', '26 Oct 2026'],
    ['de', 1234567, '1.234.567', '42,5\u00a0%', '26. Okt. 2026'],
  ] as const)('%s', (locale, n, number, percent, date) => {
    expect(formatNumber(n, locale)).toBe(number)
    expect(formatPercent(42.5, locale)).toBe(percent)
    expect(formatDate('2026-10-26', locale)).toBe(date)
  })

  test.each([
    [0, '0s'],
    [59.4, '59s'],
    [65, '1m 05s'],
    [3725, '1h 02m'],
  ])('duration %d s → %s', (s, text) => {
    expect(formatDuration(s)).toBe(text)
  })

  test('compact numbers, metrics and axis labels', () => {
    expect(formatCompact(9999, 'en')).toBe('9,999')
    expect(formatCompact(12345, 'en')).toBe('12.3k')
    expect(formatMetric('bounce_rate', 33, 'de')).toBe('33\u00a0%')
    expect(formatMetric('visit_duration', 90, 'en')).toBe('1m 30s')
    expect(formatMetric('visitors', null, 'en')).toBe('—')
    expect(formatAxisLabel('2026-11-20 14:00:00', 'hour', 'en')).toBe('14:00')
    expect(formatAxisLabel('2026-11-01', 'month', 'en')).toBe('Nov 2026')
    expect(interpolate('{n} of {m}', { n: 1 })).toBe('1 of {m}')
  })
})
