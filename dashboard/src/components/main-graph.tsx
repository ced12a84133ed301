import { useEffect, useRef, useState } from 'preact/hooks'
import { formatAxisLabel, formatTimeLabel, useLocale, useT } from '../i18n'
import { formatMetric } from '../lib/format-metric'
import { common } from '../lib/messages'
import { secondsToLabel, toSeries } from '../lib/series'
import { baseQuery, useSiteView, viewKey, type SiteView } from '../lib/site-view'
import { queryStats, type StatsResult } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { allowedIntervals } from '../lib/view-state'
import { Empty, ErrorNote, Loading } from './states'

const dict = {
  en: {
    interval: 'Interval',
    compare: 'Comparison period',
    chart: '{m} over time',
    minute: 'Minutes',
    hour: 'Hours',
    day: 'Days',
    week: 'Weeks',
    month: 'Months',
  },
  de: {
    interval: 'Intervall',
    compare: 'Vergleichszeitraum',
    chart: '{m} im Zeitverlauf',
    minute: 'Minuten',
    hour: 'Stunden',
    day: 'Tage',
    week: 'Wochen',
    month: 'Monate',
  },
}

/** Loads the time series of the graph's metric (used by the graph and the ZIP export). */
export function loadSeries(sv: SiteView): Promise<StatsResult> {
  return queryStats({
    ...baseQuery(sv),
    metrics: [sv.view.metric],
    dimensions: [`time:${sv.interval}`],
    include: {
      time_labels: true,
      ...(sv.view.compare && { comparisons: { mode: sv.view.compare } }),
    },
  })
}

/** The main graph: the chosen metric per interval, with the comparison period dashed. */
export function MainGraph() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(common)
  const tt = useT(dict)
  const res = useAsync(() => loadSeries(sv), viewKey(sv, 'graph', sv.view.metric, sv.interval))
  const host = useRef<HTMLDivElement>(null)
  const [chartError, setChartError] = useState('')
  const data = res.data && toSeries(res.data, !!sv.view.compare)
  const metric = sv.view.metric

  useEffect(() => {
    const el = host.current
    if (!el || !data) return
    let destroy: (() => void) | undefined
    let cancelled = false
    import('./chart').then(
      ({ drawChart }) => {
        if (cancelled) return
        el.textContent = ''
        destroy = drawChart(el, data, {
          label: t(metric),
          compareLabel: tt('compare'),
          integer: ['visitors', 'visits', 'pageviews'].includes(metric),
          formatValue: (v) => formatMetric(metric, v, locale),
          formatTime: (s) => formatTimeLabel(secondsToLabel(s), sv.interval, locale),
          formatAxis: (s) => formatAxisLabel(secondsToLabel(s), sv.interval, locale),
        })
      },
      (e: unknown) => setChartError(String(e)),
    )
    return () => {
      cancelled = true
      destroy?.()
    }
    // Redraw when the data or the locale changes; `data` is derived from res.data.
  }, [res.data, locale])

  const intervals = allowedIntervals(sv.range)
  return (
    <section class="card graph" aria-label={tt('chart', { m: t(metric) })}>
      <div class="graph-head">
        <h2>{t(metric)}</h2>
        {intervals.length > 1 && (
          <div class="segmented" role="group" aria-label={tt('interval')}>
            {intervals.map((i) => (
              <button
                key={i}
                type="button"
                aria-pressed={sv.interval === i}
                onClick={() => sv.setView({ ...sv.view, interval: i })}
              >
                {tt(i)}
              </button>
            ))}
          </div>
        )}
      </div>
      {res.status === 'error' && !res.data && <ErrorNote error={res.error} retry={res.reload} />}
      {!res.data && res.status === 'loading' && <Loading />}
      {chartError && <p class="state state-error">{chartError}</p>}
      {data && data[1].every((v) => !v) && !data[2]?.some((v) => v) && <Empty />}
      <div ref={host} class="chart-host" />
      {data && (
        <table class="sr-only">
          <caption>{tt('chart', { m: t(metric) })}</caption>
          <tbody>
            {data[0].map((x, i) => (
              <tr key={x}>
                <th scope="row">{formatTimeLabel(secondsToLabel(x), sv.interval, locale)}</th>
                <td>{formatMetric(metric, data[1][i], locale, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
