import { useState } from 'preact/hooks'
import { Snippet } from '../../components/snippet'
import { useLocale, useT } from '../../i18n'
import { updateSite } from '../../lib/account-api'
import { common } from '../../lib/messages'
import type { Site } from '../../lib/types'
import { fromLines, SaveStatus, toLines, useSave } from './save-state'

/** Features beyond the default script (pageviews, SPA navigation, events, engagement, segment). */
const EXTRA_FEATURES: Array<[string, { en: string; de: string }]> = [
  ['hash', { en: 'Hash-based routing (#/path)', de: 'Hash-basiertes Routing (#/pfad)' }],
  ['outbound', { en: 'Outbound link clicks', de: 'Klicks auf externe Links' }],
  ['downloads', { en: 'File downloads', de: 'Datei-Downloads' }],
  [
    'tagged',
    { en: 'Tagged elements (CSS class events)', de: 'Markierte Elemente (CSS-Klassen-Ereignisse)' },
  ],
  ['not-found', { en: '404 pages', de: '404-Seiten' }],
]

const dict = {
  en: {
    title: 'Tracking',
    snippet: 'Snippet',
    snippetHint:
      'The script path and the function name are set on the server (TRACKER_PATH, TRACKER_FUNCTION); renaming them changes this snippet, so ad blockers cannot match a fixed name.',
    features: 'Extra tracker features',
    ips: 'Excluded IP addresses or ranges (CIDR, one per line)',
    paths: 'Excluded paths (one per line, * as wildcard)',
    params: 'Query parameters kept in page URLs (one per line; all others are removed)',
    downloads: 'File extensions counted as downloads (one per line)',
    signals: 'Honour Global Privacy Control and Do Not Track (send nothing)',
  },
  de: {
    title: 'Erfassung',
    snippet: 'Snippet',
    snippetHint:
      'Skriptpfad und Funktionsname werden am Server festgelegt (TRACKER_PATH, TRACKER_FUNCTION); eine Umbenennung ändert dieses Snippet, sodass Werbeblocker keinen festen Namen erkennen.',
    features: 'Zusätzliche Tracker-Funktionen',
    ips: 'Ausgeschlossene IP-Adressen oder Bereiche (CIDR, eine pro Zeile)',
    paths: 'Ausgeschlossene Pfade (einer pro Zeile, * als Platzhalter)',
    params: 'In Seiten-URLs behaltene Parameter (einer pro Zeile; alle anderen werden entfernt)',
    downloads: 'Dateiendungen, die als Download zählen (eine pro Zeile)',
    signals: 'Global Privacy Control und Do Not Track beachten (nichts senden)',
  },
}

/** Tracker features, exclusions, URL cleaning and the exact snippet to paste. */
export function TrackingSettings({ site, onChange }: { site: Site; onChange: () => void }) {
  const t = useT(dict)
  const tc = useT(common)
  const locale = useLocale()
  const s = site.settings
  const [features, setFeatures] = useState(new Set(s.trackerFeatures))
  const [ips, setIps] = useState(toLines(s.excludedIps))
  const [paths, setPaths] = useState(toLines(s.excludedPaths))
  const [params, setParams] = useState(toLines(s.allowedQueryParams))
  const [downloads, setDownloads] = useState(toLines(s.downloadExtensions))
  const [signals, setSignals] = useState(s.honourPrivacySignals)
  const save = useSave()
  const bad = (f: string) => save.error?.field?.startsWith(`settings.${f}`) ?? false

  const submit = async (e: Event) => {
    e.preventDefault()
    const ok = await save.run(() =>
      updateSite(site.domain, {
        settings: {
          trackerFeatures: [...features],
          excludedIps: fromLines(ips),
          excludedPaths: fromLines(paths),
          allowedQueryParams: fromLines(params),
          downloadExtensions: fromLines(downloads).map((x) => x.replace(/^\./, '').toLowerCase()),
          honourPrivacySignals: signals,
        },
      }),
    )
    if (ok) onChange()
  }
  const toggle = (f: string, on: boolean) => {
    const next = new Set(features)
    if (on) next.add(f)
    else next.delete(f)
    setFeatures(next)
  }
  const area = (label: string, value: string, set: (v: string) => void, field: string) => (
    <label>
      {label}
      <textarea
        rows={3}
        value={value}
        aria-invalid={bad(field)}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </label>
  )

  return (
    <form class="card form" onSubmit={(e) => void submit(e)}>
      <h2>{t('snippet')}</h2>
      <Snippet code={site.snippet} />
      <p class="muted">{t('snippetHint')}</p>
      <h2>{t('title')}</h2>
      <fieldset>
        <legend>{t('features')}</legend>
        {EXTRA_FEATURES.map(([f, label]) => (
          <label key={f} class="check">
            <input
              type="checkbox"
              checked={features.has(f)}
              onChange={(e) => toggle(f, e.currentTarget.checked)}
            />
            {label[locale]}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={signals}
          onChange={(e) => setSignals(e.currentTarget.checked)}
        />
        {t('signals')}
      </label>
      {area(t('ips'), ips, setIps, 'excludedIps')}
      {area(t('paths'), paths, setPaths, 'excludedPaths')}
      {area(t('params'), params, setParams, 'allowedQueryParams')}
      {features.has('downloads') &&
        area(t('downloads'), downloads, setDownloads, 'downloadExtensions')}
      <SaveStatus error={save.error} saved={save.saved} />
      <button type="submit" class="btn btn-primary" disabled={save.busy}>
        {tc('save')}
      </button>
    </form>
  )
}
