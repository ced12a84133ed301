import { useState } from 'preact/hooks'
import { formatNumber, useLocale, useT } from '../i18n'
import { formatMetric } from '../lib/format-metric'
import { listFunnels, queryFunnel } from '../lib/goals-api'
import { useSiteView, viewKey } from '../lib/site-view'
import { useAsync } from '../lib/use-async'
import { linkClick } from '../router'
import { downloadFile, exportName, toCsv } from '../export/csv'
import type { FunnelStepResult } from '../lib/types'
import { Empty, ErrorNote, Loading } from './states'

/** A funnel's steps as CSV: step number, goal name, visitors, conversion rate, drop-off. */
export function funnelCsv(steps: FunnelStepResult[]): string {
  return toCsv(
    ['step', 'name', 'visitors', 'conversion_rate', 'drop_off'],
    steps.map((s, i) => [i + 1, s.name, s.visitors, s.conversionRate, s.dropOff]),
  )
}

const dict = {
  en: {
    title: 'Funnels',
    none: 'No funnels yet.',
    define: 'Define one in the settings',
    pick: 'Funnel',
    step: 'Step',
    visitors: 'Visitors',
    rate: 'Conversion',
    drop: 'Drop-off',
    csv: 'CSV',
  },
  de: {
    title: 'Trichter',
    none: 'Noch keine Trichter.',
    define: 'In den Einstellungen anlegen',
    pick: 'Trichter',
    step: 'Schritt',
    visitors: 'Besucher',
    rate: 'Konversion',
    drop: 'Absprung',
    csv: 'CSV',
  },
}

/** Step-by-step conversion of a chosen funnel. */
export function FunnelsPanel() {
  const sv = useSiteView()
  const t = useT(dict)
  const list = useAsync(() => listFunnels(sv.site.domain), `funnels:${sv.site.domain}`)
  const [chosen, setChosen] = useState('')
  const funnels = list.data?.funnels ?? []
  const id = chosen || funnels[0]?.id || ''
  return (
    <section class="card panel" aria-labelledby="panel-funnels" data-panel="funnels">
      <div class="panel-head">
        <h2 id="panel-funnels">{t('title')}</h2>
        {funnels.length > 1 && (
          <label class="field-inline">
            <span class="sr-only">{t('pick')}</span>
            <select value={id} onChange={(e) => setChosen(e.currentTarget.value)}>
              {funnels.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorNote error={list.error} retry={list.reload} />}
      {list.status === 'ok' && funnels.length === 0 && (
        <Empty>
          {t('none')}{' '}
          <a
            href={`/sites/${encodeURIComponent(sv.site.domain)}/settings?tab=funnels`}
            onClick={linkClick}
          >
            {t('define')}
          </a>
        </Empty>
      )}
      {id && <FunnelSteps key={id} id={id} />}
    </section>
  )
}

function FunnelSteps({ id }: { id: string }) {
  const sv = useSiteView()
  const t = useT(dict)
  const locale = useLocale()
  const res = useAsync(
    () => queryFunnel(sv.site.domain, id, { date_range: sv.range, filters: sv.view.filters }),
    viewKey(sv, 'funnel', id),
  )
  if (res.status === 'error') return <ErrorNote error={res.error} retry={res.reload} />
  if (!res.data) return <Loading />
  const first = Math.max(1, res.data.steps[0]?.visitors ?? 0)
  const steps = res.data.steps
  const exportCsv = () =>
    downloadFile(
      `${exportName(sv.site.domain, `funnel-${id}`, sv.range)}.csv`,
      new Blob([funnelCsv(steps)], { type: 'text/csv;charset=utf-8' }),
    )
  return (
    <>
      <table class="funnel">
        <thead>
          <tr>
            <th scope="col">{t('step')}</th>
            <th scope="col" class="num">
              {t('visitors')}
            </th>
            <th scope="col" class="num">
              {t('rate')}
            </th>
            <th scope="col" class="num">
              {t('drop')}
            </th>
          </tr>
        </thead>
        <tbody>
          {res.data.steps.map((s, i) => (
            <tr key={i}>
              <th scope="row">
                <span class="bar" style={{ width: `${(s.visitors / first) * 100}%` }} />
                <span class="row-name">
                  {i + 1}. {s.name}
                </span>
              </th>
              <td class="num">{formatNumber(s.visitors, locale)}</td>
              <td class="num">{formatMetric('percentage', s.conversionRate, locale)}</td>
              <td class="num">{formatNumber(s.dropOff, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="panel-foot">
        <button type="button" class="btn btn-small" data-export="funnel" onClick={exportCsv}>
          {t('csv')}
        </button>
      </div>
    </>
  )
}
