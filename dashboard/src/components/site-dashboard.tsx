import { useEffect, useMemo, useState } from 'preact/hooks'
import { PANELS } from '../lib/panels'
import { SiteViewContext, type SiteView } from '../lib/site-view'
import { dateRangeOf, intervalOf, parseView, serializeView, withFilter } from '../lib/view-state'
import type { SiteRef } from '../site-ref'
import { navigate, useLoc } from '../router'
import { ExportAll } from './export-all'
import { FilterBar } from './filter-bar'
import { FunnelsPanel } from './funnels-panel'
import { MainGraph } from './main-graph'
import { Panel } from './panel'
import { RangeBar } from './range-bar'
import { CurrentVisitors, RealtimeNumber } from './realtime'
import { SegmentsPanel } from './segments-panel'
import { TopStats } from './top-stats'
import { GoalStats } from './goal-stats'

/** Realtime views reload every 5 s; others every 5 minutes so an open tab stays current. */
const REALTIME_REFRESH_MS = 5_000
const REFRESH_MS = 300_000

/**
 * A site's analytics view; its state lives in the URL under `basePath`. Used by the site
 * screen and by shared links (`shared`: read-only, nothing beyond the stats).
 */
export function SiteDashboard(props: {
  site: SiteRef
  basePath: string
  shared?: boolean
  keepParams?: string[]
}) {
  const { site, basePath, shared = false, keepParams = [] } = props
  const loc = useLoc()
  const view = useMemo(() => parseView(loc.params), [loc.params.toString()])
  const [tick, setTick] = useState(0)
  const realtime = view.period === 'realtime'
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), realtime ? REALTIME_REFRESH_MS : REFRESH_MS)
    return () => clearInterval(id)
  }, [realtime])

  const sv: SiteView = useMemo(() => {
    const range = dateRangeOf(view, site.timezone)
    const setView: SiteView['setView'] = (next) => {
      const params = serializeView(next)
      for (const k of keepParams) {
        const v = loc.params.get(k)
        if (v !== null) params.set(k, v)
      }
      const qs = params.toString()
      navigate(`${basePath}${qs ? `?${qs}` : ''}`)
    }
    return {
      site,
      view,
      range,
      interval: intervalOf(view, range),
      tick,
      shared,
      setView,
      addFilters: (filters) => setView(filters.reduce(withFilter, view)),
    }
  }, [site, view, tick, shared, basePath])

  return (
    <SiteViewContext.Provider value={sv}>
      <div class="toolbar">
        <RangeBar />
        <CurrentVisitors />
        <ExportAll />
      </div>
      <FilterBar />
      {realtime ? <RealtimeNumber /> : <TopStats />}
      <GoalStats />
      {!realtime && <MainGraph />}
      <div class="panels">
        {PANELS.map((p) =>
          p.id === 'funnels' ? (
            shared ? null : (
              <FunnelsPanel key={p.id} />
            )
          ) : p.id === 'segments' ? (
            <SegmentsPanel key={p.id} def={p} />
          ) : (
            <Panel key={p.id} def={p} />
          ),
        )}
      </div>
    </SiteViewContext.Provider>
  )
}
