import { formatCompact, formatDuration, formatNumber, formatPercent, type Locale } from '../i18n'

/** A metric value as a person reads it: durations in m/s, rates in %, counts compact. */
export function formatMetric(
  metric: string,
  value: number | null | undefined,
  locale: Locale,
  exact = false,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  switch (metric) {
    case 'bounce_rate':
    case 'conversion_rate':
    case 'group_conversion_rate':
    case 'percentage':
    case 'scroll_depth':
      return formatPercent(value, locale)
    case 'visit_duration':
    case 'time_on_page':
      return formatDuration(value)
    case 'views_per_visit':
      return formatNumber(Math.round(value * 100) / 100, locale)
    case 'total_revenue':
    case 'average_revenue':
      return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
        maximumFractionDigits: 2,
      }).format(value)
    default:
      return exact ? formatNumber(value, locale) : formatCompact(value, locale)
  }
}

/** For metrics where less is better (bounce rate) a fall is good news. */
export function isLowerBetter(metric: string): boolean {
  return metric === 'bounce_rate'
}
