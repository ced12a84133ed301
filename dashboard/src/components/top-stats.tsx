import { useLocale, useT } from '../i18n'
import { formatMetric, isLowerBetter } from '../lib/format-metric'
import { common } from '../lib/messages'
import { baseQuery, useSiteView, viewKey } from '../lib/site-view'
import { queryStats, type StatsResult } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { GRAPH_METRICS, type GraphMetric } from '../lib/view-state'
import { ErrorNote, Loading } from './states'

export const TOP_METRICS: readonly GraphMetric[] = GRAPH_METRICS

const dict = {
  en: { vs: 'vs. comparison period', select: 'Show {m} in the graph' },
  de: { vs: 'ggü. Vergleichszeitraum', select: '{m} im Diagramm zeigen' },
}

/** Loads the top stats for a view (used by the screen and by the ZIP export). */
export function loadTopStats(sv: ReturnType<typeof useSiteView>): Promise<StatsResult> {
  return queryStats({
    ...baseQuery(sv),
    metrics: [...TOP_METRICS],
    ...(sv.view.compare &&
      sv.view.period !== 'realtime' && { include: { comparisons: { mode: sv.view.compare } } }),
  })
}

/** The headline numbers with their change; each picks the graph's metric. */
export function TopStats() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(common)
  const tt = useT(dict)
  const res = useAsync(() => loadTopStats(sv), viewKey(sv, 'top'))
  if (res.status === 'error' && !res.data) return <ErrorNote error={res.error} retry={res.reload} />
  if (!res.data) return <Loading />
  const row = res.data.results[0]
  return (
    <ul class="top-stats" aria-busy={res.status === 'loading'}>
      {TOP_METRICS.map((m, i) => {
        const value = row?.metrics[i] ?? 0
        const change = row?.comparison?.change[i]
        const good = change !== undefined && change !== null && change > 0 !== isLowerBetter(m)
        const active = sv.view.metric === m
        return (
          <li key={m}>
            <button
              type="button"
              class={`stat${active ? ' active' : ''}`}
              aria-pressed={active}
              title={tt('select', { m: t(m) })}
              data-metric={m}
              onClick={() => sv.setView({ ...sv.view, metric: m })}
            >
              <span class="stat-label">{t(m)}</span>
              <span class="stat-value" data-value={String(value)}>
                {formatMetric(m, value, locale, true)}
              </span>
              {change !== undefined && change !== null && (
                <span
                  class={`stat-change ${change === 0 ? '' : good ? 'good' : 'bad'}`}
                  title={tt('vs')}
                >
                  {change > 0 ? '↑' : change < 0 ? '↓' : '→'}{' '}
                  {formatMetric('percentage', Math.abs(change), locale)}
                </span>
              )}
              {row?.comparison && (
                <span class="stat-prev">
                  {formatMetric(m, row.comparison.metrics[i], locale, true)}
                </span>
              )}
            </button>
          </li>
        )
      })}
    </ul>
  )
}
