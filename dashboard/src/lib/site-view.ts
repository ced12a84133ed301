import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { SiteRef } from '../site-ref'
import type { DateRange, Filter, StatsQuery } from './stats-client'
import type { Interval, ViewState } from './view-state'

/** Everything a panel needs to know about the view it is part of. */
export interface SiteView {
  site: SiteRef
  view: ViewState
  range: DateRange
  interval: Interval
  /** Changes every refresh in realtime mode, so loads repeat. */
  tick: number
  /** True in a public shared link: read-only, no settings. */
  shared: boolean
  setView(view: ViewState): void
  /** Adds filters (replacing `is` filters on the same dimensions) in one navigation. */
  addFilters(filters: Filter[]): void
}

export const SiteViewContext = createContext<SiteView | null>(null)

export function useSiteView(): SiteView {
  const ctx = useContext(SiteViewContext)
  if (!ctx) throw new Error('useSiteView outside a site view')
  return ctx
}

/** The part of every query that the view fixes: site, range and filters. */
export function baseQuery(sv: SiteView): Pick<StatsQuery, 'site_id' | 'date_range' | 'filters'> {
  return { site_id: sv.site.domain, date_range: sv.range, filters: sv.view.filters }
}

/** A cache key for loads that depend on the view. */
export function viewKey(sv: SiteView, ...extra: Array<string | number>): string {
  return JSON.stringify([
    sv.site.domain,
    sv.range,
    sv.view.filters,
    sv.view.compare,
    sv.tick,
    extra,
  ])
}
