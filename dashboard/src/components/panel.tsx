import { useState } from 'preact/hooks'
import { downloadFile, exportName, resultToCsv } from '../export/csv'
import { useLocale, useT, type Locale } from '../i18n'
import { formatMetric } from '../lib/format-metric'
import { common } from '../lib/messages'
import { countryName, type PanelDef, type TabDef } from '../lib/panels'
import { baseQuery, useSiteView, viewKey, type SiteView } from '../lib/site-view'
import { queryStats, type StatsResult } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { PropsTab } from './props-tab'
import { Empty, ErrorNote, Loading } from './states'
import { WorldMapTab } from './world-map'

const dict = {
  en: {
    csv: 'CSV',
    csvTitle: 'Download this list as CSV',
    more: 'Show more',
    filterBy: 'Filter by {v}',
    name: 'Name',
  },
  de: {
    csv: 'CSV',
    csvTitle: 'Diese Liste als CSV herunterladen',
    more: 'Mehr zeigen',
    filterBy: 'Nach {v} filtern',
    name: 'Name',
  },
}

/** Loads one tab's rows, biggest first. */
export function loadTab(sv: SiteView, tab: TabDef, limit: number): Promise<StatsResult> {
  return queryStats({
    ...baseQuery(sv),
    metrics: tab.metrics,
    dimensions: tab.dimensions,
    order_by: [[tab.metrics[0] ?? 'visitors', 'desc']],
    include: {
      total_rows: true,
      ...(sv.view.compare &&
        sv.view.period !== 'realtime' && { comparisons: { mode: sv.view.compare } }),
    },
    pagination: { limit, offset: 0 },
  })
}

/** A row's display name: dimension values joined, country codes named. */
export function rowName(tab: TabDef, dims: string[], locale: Locale): string {
  const [first = '', ...rest] = dims
  const head = tab.display === 'country' ? countryName(first, locale) : first
  return [head, ...rest].join(' ')
}

/** A breakdown card with tabs; clicking a row filters the whole view by it. */
export function Panel({ def }: { def: PanelDef }) {
  const [tabId, setTabId] = useState(def.tabs[0]?.id ?? '')
  const locale = useLocale()
  const tab = def.tabs.find((x) => x.id === tabId) ?? def.tabs[0]
  if (!tab) return null
  return (
    <section class="card panel" aria-labelledby={`panel-${def.id}`} data-panel={def.id}>
      <div class="panel-head">
        <h2 id={`panel-${def.id}`}>{def.title[locale]}</h2>
        {def.tabs.length > 1 && (
          <div class="tabs" role="tablist" aria-label={def.title[locale]}>
            {def.tabs.map((x) => (
              <button
                key={x.id}
                type="button"
                role="tab"
                id={`tab-${def.id}-${x.id}`}
                aria-selected={x.id === tab.id}
                aria-controls={`tabpanel-${def.id}`}
                tabIndex={x.id === tab.id ? 0 : -1}
                onClick={() => setTabId(x.id)}
                onKeyDown={(e) => moveTab(e, def.tabs, tab.id, setTabId, def.id)}
              >
                {x.label[locale]}
              </button>
            ))}
          </div>
        )}
      </div>
      {tab.id === 'props' ? (
        <PropsTab key={tab.id} tab={tab} panelId={def.id} />
      ) : tab.id === 'map' ? (
        <WorldMapTab key={tab.id} tab={tab} panelId={def.id} />
      ) : (
        <TabBody key={tab.id} tab={tab} panelId={def.id} single={def.tabs.length === 1} />
      )}
    </section>
  )
}

/** Arrow keys move between tabs, as the WAI-ARIA tabs pattern describes. */
function moveTab(
  e: KeyboardEvent,
  tabs: TabDef[],
  current: string,
  set: (id: string) => void,
  panelId: string,
) {
  const i = tabs.findIndex((x) => x.id === current)
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
  if (!step) return
  e.preventDefault()
  const next = tabs[(i + step + tabs.length) % tabs.length]
  if (!next) return
  set(next.id)
  document.getElementById(`tab-${panelId}-${next.id}`)?.focus()
}

/** One tab's list with its CSV export. */
export function TabBody({
  tab,
  panelId,
  single = false,
}: {
  tab: TabDef
  panelId: string
  /** The panel has no tab list (one tab only). */
  single?: boolean
}) {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(common)
  const tt = useT(dict)
  const [limit, setLimit] = useState(10)
  const res = useAsync(() => loadTab(sv, tab, limit), viewKey(sv, tab.id, limit))

  const [exportError, setExportError] = useState('')
  const exportCsv = async () => {
    setExportError('')
    try {
      const all = await loadTab(sv, tab, 10_000)
      const csv = resultToCsv(tab.dimensions, tab.metrics, all)
      downloadFile(
        `${exportName(sv.site.domain, `${panelId}-${tab.id}`, sv.range)}.csv`,
        new Blob([csv], { type: 'text/csv;charset=utf-8' }),
      )
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e))
    }
  }

  const rows = res.data?.results ?? []
  const max = Math.max(1, ...rows.map((r) => r.metrics[0] ?? 0))
  const total = res.data?.meta.total_rows ?? rows.length
  return (
    <div
      id={`tabpanel-${panelId}`}
      {...(single ? {} : { role: 'tabpanel', 'aria-labelledby': `tab-${panelId}-${tab.id}` })}
      aria-busy={res.status === 'loading'}
    >
      <div class="list-head">
        <span>{tt('name')}</span>
        {tab.metrics.map((m) => (
          <span key={m} class="num">
            {t(m as 'visitors')}
          </span>
        ))}
      </div>
      {res.status === 'error' && !res.data && <ErrorNote error={res.error} retry={res.reload} />}
      {!res.data && res.status === 'loading' && <Loading />}
      {res.data && rows.length === 0 && <Empty />}
      <ol class="list">
        {rows.map((r) => {
          const name = rowName(tab, r.dimensions, locale)
          const share = ((r.metrics[0] ?? 0) / max) * 100
          return (
            <li key={r.dimensions.join('\u0000')}>
              <button
                type="button"
                class="row"
                title={tt('filterBy', { v: name })}
                onClick={() =>
                  sv.addFilters(tab.dimensions.map((d, i) => ['is', d, [r.dimensions[i] ?? '']]))
                }
              >
                <span class="bar" style={{ width: `${share}%` }} aria-hidden="true" />
                <span class="row-name">{name}</span>
                {r.metrics.map((v, i) => {
                  const change = i === 0 ? r.comparison?.change[0] : undefined
                  return (
                    <span key={i} class="num">
                      {formatMetric(tab.metrics[i] ?? '', v, locale)}
                      {change !== undefined && change !== null && (
                        <small
                          class={`row-change ${change > 0 ? 'good' : change < 0 ? 'bad' : ''}`}
                        >
                          {change > 0 ? '↑' : change < 0 ? '↓' : '→'}
                          {formatMetric('percentage', Math.abs(change), locale)}
                        </small>
                      )}
                    </span>
                  )
                })}
              </button>
            </li>
          )
        })}
      </ol>
      <div class="panel-foot">
        {total > rows.length && (
          <button type="button" class="btn btn-link" onClick={() => setLimit(limit + 50)}>
            {tt('more')}
          </button>
        )}
        {exportError && (
          <span class="error-text" role="alert">
            {exportError}
          </span>
        )}
        <button
          type="button"
          class="btn btn-small"
          title={tt('csvTitle')}
          data-export={`${panelId}-${tab.id}`}
          onClick={() => void exportCsv()}
        >
          {tt('csv')}
        </button>
      </div>
    </div>
  )
}
