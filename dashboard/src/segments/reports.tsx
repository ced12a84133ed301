import { useEffect, useRef, useState } from 'preact/hooks'
import { ErrorNote, Loading } from '../components/states'
import { formatNumber, formatTimeLabel, useLocale, useT } from '../i18n'
import { listGoals } from '../lib/goals-api'
import { common } from '../lib/messages'
import { useAsync } from '../lib/use-async'
import type { Segment } from './api'
import { formatReportMetric } from './format'
import {
  BASE_METRICS,
  GOAL_METRICS,
  loadSegmentMetrics,
  loadTop,
  loadTrends,
  type MetricValues,
} from './reports-data'
import { reportsDict } from './reports-dict'

const PERIODS = ['7d', '30d', 'month', '91d', '12mo'] as const

/** Behaviour per segment, side by side, with trends and top pages and sources of chosen segments. */
export function SegmentReports({
  domain,
  segments,
  k,
}: {
  domain: string
  segments: Segment[]
  k: number
}) {
  const t = useT(reportsDict)
  const c = useT(common)
  const locale = useLocale()
  const [period, setPeriod] = useState<string>('30d')
  const [goal, setGoal] = useState('')
  const names = [...segments.map((s) => s.name), '(unknown)']
  const [chosen, setChosen] = useState<string[]>(() => names.filter((n) => n === 'A' || n === 'B'))
  const goals = useAsync(() => listGoals(domain).catch(() => ({ goals: [] })), `goals:${domain}`)
  const data = useAsync(
    () => loadSegmentMetrics(domain, period, goal),
    `${domain}|${period}|${goal}`,
  )
  const metrics = goal ? [...BASE_METRICS, ...GOAL_METRICS] : [...BASE_METRICS]
  // The Stats API counts a goal's revenue in the goal's own currency.
  const currency = goals.data?.goals.find((g) => g.displayName === goal)?.currency ?? ''
  const cell = (values: MetricValues | undefined, m: string) =>
    values ? formatReportMetric(m, values[m as keyof MetricValues], locale, currency) : ''
  return (
    <section class="card" aria-labelledby="seg-reports">
      <h2 id="seg-reports">{t('title')}</h2>
      <div class="toolbar">
        <label class="field-inline">
          {t('period')}
          <select
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            data-testid="period"
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {c(p)}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline">
          {t('goal')}
          <select value={goal} onChange={(e) => setGoal(e.currentTarget.value)}>
            <option value="">{t('noGoal')}</option>
            {(goals.data?.goals ?? []).map((g) => (
              <option key={g.id} value={g.displayName}>
                {g.displayName}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted">{t('floor', { k })}</p>
      {data.status === 'error' && <ErrorNote error={data.error} retry={data.reload} />}
      {!data.data && data.status === 'loading' && <Loading />}
      {data.data && (
        <div class="table-scroll">
          <table class="seg-table" data-testid="segment-report">
            <thead>
              <tr>
                <th scope="col">{t('compare')}</th>
                <th scope="col">{t('segment')}</th>
                {metrics.map((m) => (
                  <th key={m} scope="col" class="num">
                    {m === 'group_conversion_rate' ? c('conversion_rate') : c(m as 'visitors')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const values = data.data?.bySegment.get(name)
                return (
                  <tr key={name} data-segment={name}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('compareOne', { name })}
                        checked={chosen.includes(name)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked
                          setChosen((prev) =>
                            on ? [...prev, name] : prev.filter((n) => n !== name),
                          )
                        }}
                      />
                    </td>
                    <th scope="row">{name}</th>
                    {values ? (
                      metrics.map((m) => (
                        <td key={m} class="num">
                          {cell(values, m)}
                        </td>
                      ))
                    ) : (
                      <td colSpan={metrics.length} class="muted" data-testid="below-floor">
                        {t('fewer', { k })}
                      </td>
                    )}
                  </tr>
                )
              })}
              {data.data.merged && (
                <tr>
                  <td />
                  <th scope="row">{t('mergedRow', { k })}</th>
                  {metrics.map((m) => (
                    <td key={m} class="num">
                      {cell(data.data?.merged?.values, m)}
                    </td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {chosen.length > 0 && <Trends domain={domain} period={period} names={chosen} />}
      <div class="panels">
        {chosen.map((name) => (
          <TopLists key={name} domain={domain} period={period} name={name} k={k} />
        ))}
      </div>
    </section>
  )
}

function Trends({ domain, period, names }: { domain: string; period: string; names: string[] }) {
  const t = useT(reportsDict)
  const host = useRef<HTMLDivElement>(null)
  const res = useAsync(
    () => loadTrends(domain, period, names),
    `${domain}|${period}|${names.join('\u0000')}`,
  )
  useEffect(() => {
    const el = host.current
    const data = res.data
    if (!el || !data) return
    let remove: (() => void) | undefined
    let cancelled = false
    import('./trend-chart').then(
      ({ drawTrends }) => {
        if (!cancelled)
          remove = drawTrends(el, data, names, (s) =>
            formatTimeLabel(new Date(s * 1000).toISOString().slice(0, 10), 'day'),
          )
      },
      () => undefined,
    )
    return () => {
      cancelled = true
      remove?.()
    }
  }, [res.data])
  return (
    <div>
      <h3>{t('trends')}</h3>
      {res.status === 'error' && <ErrorNote error={res.error} retry={res.reload} />}
      <div class="chart-host" ref={host} />
    </div>
  )
}

function TopLists({
  domain,
  period,
  name,
  k,
}: {
  domain: string
  period: string
  name: string
  k: number
}) {
  const t = useT(reportsDict)
  const res = useAsync(() => loadTop(domain, period, name), `${domain}|${period}|${name}`)
  const list = (title: string, rows: Array<{ name: string; visitors: number }>) => (
    <div>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p class="muted">{t('fewer', { k })}</p>
      ) : (
        <ol>
          {rows.map((r) => (
            <li key={r.name}>
              {r.name} <span class="muted">{formatNumber(r.visitors)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
  return (
    <div class="panel" data-testid="top-lists">
      <h3>{name}</h3>
      {res.status === 'error' && <ErrorNote error={res.error} retry={res.reload} />}
      {res.data && list(t('pages'), res.data.pages)}
      {res.data && list(t('sources'), res.data.sources)}
    </div>
  )
}
