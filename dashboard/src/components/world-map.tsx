import { useState } from 'preact/hooks'
import { useLocale, useT } from '../i18n'
import { formatMetric } from '../lib/format-metric'
import { countryName, type TabDef } from '../lib/panels'
import { useSiteView, viewKey } from '../lib/site-view'
import { useAsync } from '../lib/use-async'
import { loadTab } from './panel'
import { Empty, ErrorNote, Loading } from './states'

type WorldMap = (typeof import('virtual:world-map'))['default']

// The outlines are a lazy chunk of their own (about 40 KB gzip), loaded once when a map is
// first shown.
let world: Promise<WorldMap> | undefined
const loadWorld = () =>
  (world ??= import('virtual:world-map').then(
    (m) => m.default,
    (error: unknown) => {
      world = undefined
      throw error
    },
  ))

const dict = {
  en: {
    label: 'Visitors by country',
    visitor: '1 visitor',
    visitors: '{n} visitors',
    none: 'No visitors',
    small: '{n} countries too small for this map are in the Countries list.',
    hint: 'Click a country to filter by it.',
  },
  de: {
    label: 'Besucher nach Land',
    visitor: '1 Besucher',
    visitors: '{n} Besucher',
    none: 'Keine Besucher',
    small: '{n} Länder, die für diese Karte zu klein sind, stehen in der Länderliste.',
    hint: 'Ein Klick auf ein Land filtert danach.',
  },
}

/** Shade of a country: more visitors, stronger colour; square root so small counts still show. */
export function shade(visitors: number, max: number): number {
  if (visitors <= 0 || max <= 0) return 0
  return 0.15 + 0.85 * Math.sqrt(Math.min(1, visitors / max))
}

/**
 * The countries of the current view on a world map, shaded by visitors. A country with
 * visitors is a button: hover or focus shows its figure, a click filters the view by it.
 */
export function WorldMapTab({ tab, panelId }: { tab: TabDef; panelId: string }) {
  const sv = useSiteView()
  const locale = useLocale()
  const tt = useT(dict)
  const res = useAsync(
    () => Promise.all([loadTab(sv, tab, 300), loadWorld()]),
    viewKey(sv, tab.id, 300),
  )
  const [focus, setFocus] = useState<string | undefined>()
  const body = (() => {
    if (!res.data) return res.status === 'error' ? null : <Loading />
    const [stats, map] = res.data
    if (stats.results.length === 0) return <Empty />
    const visitors = new Map(stats.results.map((r) => [r.dimensions[0] ?? '', r.metrics[0] ?? 0]))
    const max = Math.max(1, ...visitors.values())
    const onMap = new Set(map.countries.map(([code]) => code))
    const missing = [...visitors.keys()].filter((code) => code && !onMap.has(code)).length
    const describe = (code: string) => {
      const n = visitors.get(code) ?? 0
      const figure =
        n === 0
          ? tt('none')
          : n === 1
            ? tt('visitor')
            : tt('visitors', { n: formatMetric('visitors', n, locale) })
      return `${countryName(code, locale)}: ${figure}`
    }
    return (
      <>
        <svg
          class="world-map"
          viewBox={`0 0 ${map.width} ${map.height}`}
          role="group"
          aria-label={tt('label')}
        >
          {map.countries.map(([code, d]) => {
            const n = visitors.get(code) ?? 0
            if (n === 0)
              return (
                <path key={code} d={d} class="country" data-country={code}>
                  <title>{describe(code)}</title>
                </path>
              )
            const filter = () => sv.addFilters([['is', 'visit:country', [code]]])
            return (
              <path
                key={code}
                d={d}
                class={`country has-visitors${focus === code ? ' current' : ''}`}
                data-country={code}
                fill-opacity={shade(n, max).toFixed(2)}
                role="button"
                tabIndex={0}
                aria-label={describe(code)}
                onClick={filter}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return
                  e.preventDefault()
                  filter()
                }}
                onMouseEnter={() => setFocus(code)}
                onFocus={() => setFocus(code)}
                onMouseLeave={() => setFocus(undefined)}
                onBlur={() => setFocus(undefined)}
              >
                <title>{describe(code)}</title>
              </path>
            )
          })}
        </svg>
        <p class="map-caption" aria-live="polite">
          {focus ? describe(focus) : tt('hint')}
        </p>
        {missing > 0 && <p class="map-note">{tt('small', { n: String(missing) })}</p>}
      </>
    )
  })()
  return (
    <div
      id={`tabpanel-${panelId}`}
      role="tabpanel"
      aria-labelledby={`tab-${panelId}-${tab.id}`}
      aria-busy={res.status === 'loading'}
    >
      {res.status === 'error' && !res.data && <ErrorNote error={res.error} retry={res.reload} />}
      {body}
    </div>
  )
}
