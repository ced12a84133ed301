// Words the whole dashboard shares: metric names, periods, states, common actions.
import type { Dict } from '../i18n'

type K =
  | 'visitors'
  | 'visits'
  | 'pageviews'
  | 'views_per_visit'
  | 'bounce_rate'
  | 'visit_duration'
  | 'events'
  | 'conversion_rate'
  | 'total_revenue'
  | 'conversions'
  | 'current_visitors'
  | 'realtime'
  | 'day'
  | 'yesterday'
  | '7d'
  | '28d'
  | '30d'
  | '91d'
  | 'month'
  | 'last_month'
  | '6mo'
  | '12mo'
  | 'year'
  | 'all'
  | 'custom'
  | 'loading'
  | 'empty'
  | 'retry'
  | 'error'
  | 'save'
  | 'saved'
  | 'cancel'
  | 'copy'
  | 'copied'
  | 'minute'
  | 'hour'
  | 'week'
  | 'percentage'

export const common: Dict<K> = {
  en: {
    visitors: 'Unique visitors',
    visits: 'Visits',
    pageviews: 'Pageviews',
    views_per_visit: 'Views per visit',
    bounce_rate: 'Bounce rate',
    visit_duration: 'Visit duration',
    events: 'Events',
    conversion_rate: 'Conversion rate',
    total_revenue: 'Revenue',
    conversions: 'Conversions',
    current_visitors: 'Current visitors',
    realtime: 'Realtime',
    day: 'Today',
    yesterday: 'Yesterday',
    '7d': 'Last 7 days',
    '28d': 'Last 28 days',
    '30d': 'Last 30 days',
    '91d': 'Last 91 days',
    month: 'This month',
    last_month: 'Last month',
    '6mo': 'Last 6 months',
    '12mo': 'Last 12 months',
    year: 'This year',
    all: 'All time',
    custom: 'Custom range',
    loading: 'Loading…',
    empty: 'No data for this period yet',
    retry: 'Try again',
    error: 'Something went wrong',
    save: 'Save',
    saved: 'Saved',
    cancel: 'Cancel',
    copy: 'Copy',
    copied: 'Copied',
    minute: 'Minute',
    hour: 'Hour',
    week: 'Week',
    percentage: 'Share',
  },
  de: {
    visitors: 'Eindeutige Besucher',
    visits: 'Besuche',
    pageviews: 'Seitenaufrufe',
    views_per_visit: 'Seiten pro Besuch',
    bounce_rate: 'Absprungrate',
    visit_duration: 'Besuchsdauer',
    events: 'Ereignisse',
    conversion_rate: 'Konversionsrate',
    total_revenue: 'Umsatz',
    conversions: 'Konversionen',
    current_visitors: 'Aktuelle Besucher',
    realtime: 'Echtzeit',
    day: 'Heute',
    yesterday: 'Gestern',
    '7d': 'Letzte 7 Tage',
    '28d': 'Letzte 28 Tage',
    '30d': 'Letzte 30 Tage',
    '91d': 'Letzte 91 Tage',
    month: 'Dieser Monat',
    last_month: 'Letzter Monat',
    '6mo': 'Letzte 6 Monate',
    '12mo': 'Letzte 12 Monate',
    year: 'Dieses Jahr',
    all: 'Gesamter Zeitraum',
    custom: 'Eigener Zeitraum',
    loading: 'Wird geladen …',
    empty: 'Für diesen Zeitraum gibt es noch keine Daten',
    retry: 'Erneut versuchen',
    error: 'Etwas ist schiefgelaufen',
    save: 'Speichern',
    saved: 'Gespeichert',
    cancel: 'Abbrechen',
    copy: 'Kopieren',
    copied: 'Kopiert',
    minute: 'Minute',
    hour: 'Stunde',
    week: 'Woche',
    percentage: 'Anteil',
  },
}
