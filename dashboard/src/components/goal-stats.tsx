import { useLocale, useT } from '../i18n'
import { listGoals } from '../lib/goals-api'
import { formatMetric } from '../lib/format-metric'
import { common } from '../lib/messages'
import { baseQuery, useSiteView, viewKey, type SiteView } from '../lib/site-view'
import { queryStats, type StatsResult } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'

const dict = {
  en: { unique: 'Unique conversions', total: 'Total conversions' },
  de: { unique: 'Eindeutige Konversionen', total: 'Konversionen gesamt' },
}

/** Conversions of all goals together (and revenue when a goal has a currency). */
export async function loadGoalStats(
  sv: SiteView,
): Promise<{ metrics: string[]; result: StatsResult } | null> {
  if (sv.shared) return null
  const { goals } = await listGoals(sv.site.domain)
  if (goals.length === 0) return null
  const metrics = ['visitors', 'events', 'conversion_rate']
  if (goals.some((g) => g.currency)) metrics.push('total_revenue')
  const q = baseQuery(sv)
  const hasGoalFilter = (q.filters ?? []).some((f) => f[1] === 'event:goal')
  const result = await queryStats({
    ...q,
    metrics,
    filters: hasGoalFilter
      ? q.filters
      : [...(q.filters ?? []), ['is', 'event:goal', goals.map((g) => g.displayName)]],
    ...(sv.view.compare &&
      sv.view.period !== 'realtime' && { include: { comparisons: { mode: sv.view.compare } } }),
  })
  return { metrics, result }
}

/** A second row of top stats that appears once the site has goals. */
export function GoalStats() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(dict)
  const tc = useT(common)
  const res = useAsync(() => loadGoalStats(sv), viewKey(sv, 'goal-stats'))
  // Goals are optional: a site without them (or a server without goals) shows nothing here.
  if (!res.data) return null
  const { metrics, result } = res.data
  const row = result.results[0]
  const label = (m: string) =>
    m === 'visitors'
      ? t('unique')
      : m === 'events'
        ? t('total')
        : tc(m === 'conversion_rate' ? 'conversion_rate' : 'total_revenue')
  return (
    <ul class="top-stats goal-stats" aria-label={tc('conversions')}>
      {metrics.map((m, i) => {
        const change = row?.comparison?.change[i]
        return (
          <li key={m}>
            <div class="stat">
              <span class="stat-label">{label(m)}</span>
              <span class="stat-value">{formatMetric(m, row?.metrics[i] ?? 0, locale, true)}</span>
              {change !== undefined && change !== null && (
                <span class={`stat-change ${change > 0 ? 'good' : change < 0 ? 'bad' : ''}`}>
                  {change > 0 ? '↑' : change < 0 ? '↓' : '→'}{' '}
                  {formatMetric('percentage', Math.abs(change), locale)}
                </span>
              )}
            </div>
          </li>
        )
      })}
    </ul>
  )
}
