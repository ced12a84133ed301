import { useEffect, useState } from 'preact/hooks'
import { formatNumber, useLocale, useT } from '../i18n'
import { common } from '../lib/messages'
import { useSiteView, viewKey } from '../lib/site-view'
import { queryStats } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { CURRENT_VISITOR_MINUTES, lastMinutes, REALTIME_MINUTES } from '../lib/view-state'
import { ErrorNote, Loading } from './states'

const dict = {
  en: {
    current: '{n} current visitors',
    one: '1 current visitor',
    show: 'Show realtime view',
    last: 'In the last {m} minutes',
    now: 'Visitors in the last {m} minutes',
  },
  de: {
    current: '{n} aktuelle Besucher',
    one: '1 aktueller Besucher',
    show: 'Echtzeitansicht zeigen',
    last: 'In den letzten {m} Minuten',
    now: 'Besucher in den letzten {m} Minuten',
  },
}

const PILL_REFRESH_MS = 10_000

/** Visitors of the last five minutes, as a pill that opens the realtime view. */
export function CurrentVisitors() {
  const sv = useSiteView()
  const t = useT(dict)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), PILL_REFRESH_MS)
    return () => clearInterval(id)
  }, [])
  const res = useAsync(
    () =>
      queryStats({
        site_id: sv.site.domain,
        metrics: ['visitors'],
        date_range: lastMinutes(CURRENT_VISITOR_MINUTES),
      }),
    `${sv.site.domain}:${tick}:${sv.tick}`,
  )
  const n = res.data?.results[0]?.metrics[0] ?? null
  if (n === null) return null
  return (
    <button
      type="button"
      class="pill"
      title={t('show')}
      data-current-visitors={String(n)}
      onClick={() => sv.setView({ ...sv.view, period: 'realtime', compare: undefined })}
    >
      <span class="dot" aria-hidden="true" />
      {n === 1 ? t('one') : t('current', { n: formatNumber(n) })}
    </button>
  )
}

/** The realtime view's headline: current visitors, then visitors and pageviews of the half hour. */
export function RealtimeNumber() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(dict)
  const tc = useT(common)
  const res = useAsync(
    async () => {
      const [now, half] = await Promise.all([
        queryStats({
          site_id: sv.site.domain,
          metrics: ['visitors'],
          date_range: lastMinutes(CURRENT_VISITOR_MINUTES),
          filters: sv.view.filters,
        }),
        queryStats({
          site_id: sv.site.domain,
          metrics: ['visitors', 'pageviews'],
          date_range: sv.range,
          filters: sv.view.filters,
        }),
      ])
      return { now: now.results[0]?.metrics ?? [], half: half.results[0]?.metrics ?? [] }
    },
    viewKey(sv, 'realtime'),
  )
  if (res.status === 'error' && !res.data) return <ErrorNote error={res.error} retry={res.reload} />
  if (!res.data) return <Loading />
  return (
    <ul class="top-stats realtime" aria-live="polite">
      <li>
        <div class="stat active">
          <span class="stat-label">{tc('current_visitors')}</span>
          <span class="stat-value" data-realtime-visitors={String(res.data.now[0] ?? 0)}>
            {formatNumber(res.data.now[0] ?? 0, locale)}
          </span>
          <span class="stat-prev">{t('now', { m: CURRENT_VISITOR_MINUTES })}</span>
        </div>
      </li>
      {(['visitors', 'pageviews'] as const).map((m, i) => (
        <li key={m}>
          <div class="stat">
            <span class="stat-label">{tc(m)}</span>
            <span class="stat-value">{formatNumber(res.data?.half[i] ?? 0, locale)}</span>
            <span class="stat-prev">{t('last', { m: REALTIME_MINUTES })}</span>
          </div>
        </li>
      ))}
    </ul>
  )
}
