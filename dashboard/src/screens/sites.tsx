import { Empty, ErrorNote, Loading } from '../components/states'
import { Sparkline } from '../components/sparkline'
import { useLocale, useT } from '../i18n'
import { listSites } from '../lib/account-api'
import { formatMetric } from '../lib/format-metric'
import { common } from '../lib/messages'
import { toSeries } from '../lib/series'
import { queryStats } from '../lib/stats-client'
import type { Site } from '../lib/types'
import { useAsync } from '../lib/use-async'
import { dateRangeOf, parseView, type Period } from '../lib/view-state'
import { linkClick, navigate, useLoc } from '../router'

const dict = {
  en: {
    title: 'Your sites',
    add: 'Add a site',
    none: 'No sites yet. Add your first site to get the snippet for its pages.',
    period: 'Period',
    open: 'Open the dashboard of {d}',
  },
  de: {
    title: 'Ihre Websites',
    add: 'Website hinzufügen',
    none: 'Noch keine Websites. Fügen Sie Ihre erste Website hinzu, um das Snippet für ihre Seiten zu erhalten.',
    period: 'Zeitraum',
    open: 'Dashboard von {d} öffnen',
  },
}

const OVERVIEW_PERIODS: Period[] = ['day', '7d', '28d', '30d', '91d', 'month', '12mo']

/** Every site the user can see with its visitors and a sparkline for the chosen period. */
export function SitesScreen() {
  const t = useT(dict)
  const tc = useT(common)
  const loc = useLoc()
  const view = parseView(loc.params)
  const period = OVERVIEW_PERIODS.includes(view.period) ? view.period : '28d'
  const sites = useAsync(listSites, 'sites')
  return (
    <main id="main" class="page">
      <div class="page-head">
        <h1>{t('title')}</h1>
        <label class="field-inline">
          <span class="sr-only">{t('period')}</span>
          <select
            value={period}
            data-control="period"
            onChange={(e) => navigate(`/?period=${e.currentTarget.value}`)}
          >
            {OVERVIEW_PERIODS.map((p) => (
              <option key={p} value={p}>
                {tc(p)}
              </option>
            ))}
          </select>
        </label>
        <a class="btn btn-primary" href="/sites/new" onClick={linkClick}>
          + {t('add')}
        </a>
      </div>
      {sites.status === 'loading' && <Loading />}
      {sites.status === 'error' && <ErrorNote error={sites.error} retry={sites.reload} />}
      {sites.status === 'ok' && sites.data.sites.length === 0 && <Empty>{t('none')}</Empty>}
      {sites.status === 'ok' && (
        <ul class="site-grid">
          {sites.data.sites.map((s) => (
            <SiteCard key={s.domain} site={s} period={period} />
          ))}
        </ul>
      )}
    </main>
  )
}

function SiteCard({ site, period }: { site: Site; period: Period }) {
  const t = useT(dict)
  const tc = useT(common)
  const locale = useLocale()
  const range = dateRangeOf({ period, filters: [], metric: 'visitors' }, site.timezone)
  const data = useAsync(async () => {
    const [total, series] = await Promise.all([
      queryStats({ site_id: site.domain, metrics: ['visitors'], date_range: range }),
      queryStats({
        site_id: site.domain,
        metrics: ['visitors'],
        date_range: range,
        dimensions: [
          period === 'day' ? 'time:hour' : period === '12mo' ? 'time:month' : 'time:day',
        ],
        include: { time_labels: true },
      }),
    ])
    return {
      visitors: total.results[0]?.metrics[0] ?? 0,
      values: toSeries(series, false)[1].map((v) => v ?? 0),
    }
  }, `${site.domain}:${period}`)
  const href = `/sites/${encodeURIComponent(site.domain)}${period === '28d' ? '' : `?period=${period}`}`
  return (
    <li class="card site-card">
      <a href={href} onClick={linkClick} title={t('open', { d: site.domain })}>
        <span class="site-domain">{site.domain}</span>
        {data.status === 'loading' && <span class="muted">{tc('loading')}</span>}
        {data.status === 'error' && <span class="error-text">{data.error.message}</span>}
        {data.status === 'ok' && (
          <>
            <span class="site-visitors">
              <strong data-visitors={String(data.data.visitors)}>
                {formatMetric('visitors', data.data.visitors, locale, true)}
              </strong>{' '}
              <span class="muted">{tc('visitors')}</span>
            </span>
            <Sparkline values={data.data.values} />
          </>
        )}
      </a>
    </li>
  )
}
