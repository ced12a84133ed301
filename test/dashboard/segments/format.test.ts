import { describe, expect, test } from 'vitest'
import { formatReportMetric } from '../../../dashboard/src/segments/format'

describe('segment report cells', () => {
  test.each([
    ['en', 'USD', 'US$1,234.50'],
    ['de', 'USD', '1.234,50\u00a0$'],
    ['en', 'EUR', '€1,234.50'],
    ['de', 'EUR', '1.234,50\u00a0€'],
    ['de', 'CHF', '1.234,50\u00a0CHF'],
  ] as const)('revenue in %s of a goal in %s', (locale, currency, text) => {
    expect(formatReportMetric('total_revenue', 1234.5, locale, currency)).toBe(text)
  })

  test('revenue of a goal without a currency is a plain number', () => {
    expect(formatReportMetric('total_revenue', 1234.5, 'de', '')).toBe('1.234,5')
  })

  test.each([
    ['de', 'bounce_rate', 42.5, '42,5\u00a0%'],
    ['en', 'group_conversion_rate', 3, '3%'],
    ['de', 'views_per_visit', 1.25, '1,25'],
    ['en', 'visit_duration', 65, '1m 05s'],
    ['de', 'visitors', null, '–'],
  ] as const)('%s %s %s → %s', (locale, metric, value, text) => {
    expect(formatReportMetric(metric, value, locale, 'EUR')).toBe(text)
  })
})
