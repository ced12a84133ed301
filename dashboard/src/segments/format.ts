import { formatDuration, formatNumber, formatPercent, getLocale, type Locale } from '../i18n'

/** Cents → "1.234,56 €" / "€1,234.56". Revenue in CRM files is taken to be euros. */
export function formatMoney(cents: number): string {
  return new Intl.NumberFormat(getLocale() === 'de' ? 'de-DE' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100)
}

/** part / whole as "42.5 %", or "–" for an empty whole. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '–'
  return `${formatNumber(Math.round((part / whole) * 1000) / 10)} %`
}

/** The campaign link for a segment: https://<site><path>?<param>=<token>. */
export function campaignLink(domain: string, path: string, param: string, token: string): string {
  const clean =
    path.trim() === '' ? '/' : path.trim().startsWith('/') ? path.trim() : `/${path.trim()}`
  const url = new URL(`https://${domain}${clean}`)
  url.searchParams.set(param, token)
  return url.toString()
}

/**
 * A segment report's cell in the dashboard's language: rates in %, durations in m/s, and
 * revenue in the currency of the goal it was counted for (plain when the goal has none).
 */
export function formatReportMetric(
  metric: string,
  v: number | null | undefined,
  locale: Locale,
  currency: string,
): string {
  if (v === null || v === undefined) return '–'
  if (metric === 'bounce_rate' || metric === 'group_conversion_rate')
    return formatPercent(v, locale)
  if (metric === 'visit_duration') return formatDuration(v)
  if (metric === 'total_revenue' && currency)
    return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
      style: 'currency',
      currency,
    }).format(v)
  return formatNumber(v, locale)
}
