// The breakdown panels of a site view and the Stats API dimensions behind each tab.
import type { Locale } from '../i18n'

export type Label = Record<Locale, string>

export interface TabDef {
  id: string
  label: Label
  /** Dimensions grouped by; a row shows their values joined, a click filters on each. */
  dimensions: string[]
  /** Columns after the name; the first one draws the bar and orders the rows. */
  metrics: string[]
  /** How the first dimension's value is shown. */
  display?: 'country'
}

export interface PanelDef {
  id: 'sources' | 'pages' | 'locations' | 'devices' | 'goals' | 'funnels' | 'segments'
  title: Label
  tabs: TabDef[]
}

const tab = (
  id: string,
  en: string,
  de: string,
  dimensions: string[],
  metrics: string[] = ['visitors'],
  display?: 'country',
): TabDef => ({ id, label: { en, de }, dimensions, metrics, ...(display && { display }) })

export const PANELS: PanelDef[] = [
  {
    id: 'sources',
    title: { en: 'Sources', de: 'Quellen' },
    tabs: [
      tab('channels', 'Channels', 'Kanäle', ['visit:channel']),
      tab('sources', 'Sources', 'Quellen', ['visit:source']),
      tab('utm_medium', 'UTM medium', 'UTM-Medium', ['visit:utm_medium']),
      tab('utm_source', 'UTM source', 'UTM-Quelle', ['visit:utm_source']),
      tab('utm_campaign', 'UTM campaign', 'UTM-Kampagne', ['visit:utm_campaign']),
    ],
  },
  {
    id: 'pages',
    title: { en: 'Pages', de: 'Seiten' },
    tabs: [
      tab('top', 'Top pages', 'Top-Seiten', ['event:page'], ['visitors', 'pageviews']),
      tab('entry', 'Entry pages', 'Einstiegsseiten', ['visit:entry_page'], ['visitors', 'visits']),
      tab('exit', 'Exit pages', 'Ausstiegsseiten', ['visit:exit_page'], ['visitors', 'visits']),
    ],
  },
  {
    id: 'locations',
    title: { en: 'Locations', de: 'Standorte' },
    tabs: [
      tab('countries', 'Countries', 'Länder', ['visit:country'], ['visitors'], 'country'),
      tab('regions', 'Regions', 'Regionen', ['visit:region_name']),
      tab('cities', 'Cities', 'Städte', ['visit:city_name']),
      // Drawn as a world map (components/world-map.tsx).
      tab('map', 'Map', 'Karte', ['visit:country'], ['visitors'], 'country'),
    ],
  },
  {
    id: 'devices',
    title: { en: 'Devices', de: 'Geräte' },
    tabs: [
      tab('device', 'Device type', 'Gerätetyp', ['visit:device']),
      tab('browser', 'Browser', 'Browser', ['visit:browser']),
      tab('browser_version', 'Browser version', 'Browserversion', [
        'visit:browser',
        'visit:browser_version',
      ]),
      tab('os', 'Operating system', 'Betriebssystem', ['visit:os']),
      tab('os_version', 'OS version', 'Systemversion', ['visit:os', 'visit:os_version']),
    ],
  },
  {
    id: 'goals',
    title: { en: 'Goals & events', de: 'Ziele & Ereignisse' },
    tabs: [
      tab('goals', 'Goals', 'Ziele', ['event:goal'], ['visitors', 'events', 'conversion_rate']),
      tab('events', 'Events', 'Ereignisse', ['event:name'], ['visitors', 'events']),
      // The property is chosen in the tab (components/props-tab.tsx).
      tab('props', 'Properties', 'Eigenschaften', [], ['visitors', 'events']),
    ],
  },
  { id: 'funnels', title: { en: 'Funnels', de: 'Trichter' }, tabs: [] },
  {
    id: 'segments',
    title: { en: 'Segments', de: 'Segmente' },
    tabs: [tab('segment', 'Segments', 'Segmente', ['visit:segment'])],
  },
]

/** Dimensions a person can filter on in the filter bar, with their names. */
export const FILTER_DIMENSIONS: Array<[string, Label]> = [
  ['event:page', { en: 'Page', de: 'Seite' }],
  ['visit:entry_page', { en: 'Entry page', de: 'Einstiegsseite' }],
  ['visit:exit_page', { en: 'Exit page', de: 'Ausstiegsseite' }],
  ['visit:source', { en: 'Source', de: 'Quelle' }],
  ['visit:channel', { en: 'Channel', de: 'Kanal' }],
  ['visit:referrer', { en: 'Referrer URL', de: 'Verweis-URL' }],
  ['visit:utm_medium', { en: 'UTM medium', de: 'UTM-Medium' }],
  ['visit:utm_source', { en: 'UTM source', de: 'UTM-Quelle' }],
  ['visit:utm_campaign', { en: 'UTM campaign', de: 'UTM-Kampagne' }],
  ['visit:country', { en: 'Country', de: 'Land' }],
  ['visit:region_name', { en: 'Region', de: 'Region' }],
  ['visit:city_name', { en: 'City', de: 'Stadt' }],
  ['visit:device', { en: 'Device type', de: 'Gerätetyp' }],
  ['visit:browser', { en: 'Browser', de: 'Browser' }],
  ['visit:browser_version', { en: 'Browser version', de: 'Browserversion' }],
  ['visit:os', { en: 'Operating system', de: 'Betriebssystem' }],
  ['visit:os_version', { en: 'OS version', de: 'Systemversion' }],
  ['event:goal', { en: 'Goal', de: 'Ziel' }],
  ['event:name', { en: 'Event name', de: 'Ereignisname' }],
  ['visit:segment', { en: 'Segment', de: 'Segment' }],
]

/** The readable name of a dimension ("visit:source" → "Source"). */
export function dimensionLabel(dimension: string, locale: Locale): string {
  const known = FILTER_DIMENSIONS.find(([d]) => d === dimension)
  if (known) return known[1][locale]
  if (dimension.startsWith('event:props:')) return dimension.slice('event:props:'.length)
  return dimension
}

const countryNames: Partial<Record<Locale, Intl.DisplayNames>> = {}
/** "DE" → "Germany" / "Deutschland"; unknown codes stay as they are. */
export function countryName(code: string, locale: Locale): string {
  if (!/^[A-Z]{2}$/.test(code)) return code
  try {
    countryNames[locale] ??= new Intl.DisplayNames([locale], { type: 'region' })
    return countryNames[locale].of(code) ?? code
  } catch {
    return code
  }
}
