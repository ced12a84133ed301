import { useState } from 'preact/hooks'
import { exportName, resultToCsv } from '../export/csv'
import { useT } from '../i18n'
import { PANELS } from '../lib/panels'
import { useSiteView } from '../lib/site-view'
import { listFunnels, queryFunnel } from '../lib/goals-api'
import { funnelCsv } from './funnels-panel'
import { loadSeries } from './main-graph'
import { loadTab } from './panel'
import { loadTopStats, TOP_METRICS } from './top-stats'

const dict = {
  en: { zip: 'Export all (ZIP)', busy: 'Preparing…', failed: 'Export failed: {e}' },
  de: {
    zip: 'Alles exportieren (ZIP)',
    busy: 'Wird vorbereitet …',
    failed: 'Export fehlgeschlagen: {e}',
  },
}

/** Downloads every panel of the current view, plus top stats and the graph, as CSVs in a ZIP. */
export function ExportAll() {
  const sv = useSiteView()
  const t = useT(dict)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const run = async () => {
    setBusy(true)
    setError('')
    try {
      const files: Record<string, string> = {}
      files['top-stats.csv'] = resultToCsv([], [...TOP_METRICS], await loadTopStats(sv))
      // Realtime mode has no graph (the Stats API has no minute buckets).
      if (sv.view.period !== 'realtime')
        files['graph.csv'] = resultToCsv(
          [`time:${sv.interval}`],
          [sv.view.metric],
          await loadSeries(sv),
        )
      for (const panel of PANELS)
        for (const tab of panel.tabs.filter((x) => x.dimensions.length > 0)) {
          try {
            files[`${panel.id}-${tab.id}.csv`] = resultToCsv(
              tab.dimensions,
              tab.metrics,
              await loadTab(sv, tab, 10_000),
            )
          } catch {
            // A tab the server cannot answer (e.g. segments switched off) is left out.
          }
        }
      if (!sv.shared)
        try {
          for (const funnel of (await listFunnels(sv.site.domain)).funnels) {
            const { steps } = await queryFunnel(sv.site.domain, funnel.id, {
              date_range: sv.range,
              filters: sv.view.filters,
            })
            files[`funnels-${funnel.name.replace(/[^\w.-]+/g, '-')}.csv`] = funnelCsv(steps)
          }
        } catch {
          // Funnels are optional; the rest of the export stands.
        }
      const { downloadZip } = await import('../export/zip')
      await downloadZip(`${exportName(sv.site.domain, 'export', sv.range)}.zip`, files)
    } catch (e) {
      setError(t('failed', { e: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <span class="export-all">
      <button
        type="button"
        class="btn btn-small"
        disabled={busy}
        data-export="zip"
        onClick={() => void run()}
      >
        {busy ? t('busy') : t('zip')}
      </button>
      {error && (
        <span role="alert" class="error-text">
          {error}
        </span>
      )}
    </span>
  )
}
