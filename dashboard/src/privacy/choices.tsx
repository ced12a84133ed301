import { useEffect, useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import type { SiteRef } from '../site-ref'
import { getSiteSettings, saveSettings } from './api'
import { dict } from './dict'

/** Global Privacy Control / Do Not Track, and a pointer to the exclusions. */
export function ChoicesSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const state = useAsync(() => getSiteSettings(site.domain), site.domain)
  const [signals, setSignals] = useState(true)
  const save = useSave()
  const settings = state.data?.site.settings
  useEffect(() => {
    if (settings) setSignals(settings.honourPrivacySignals)
  }, [settings])
  if (state.status === 'loading' && !settings) return <Loading />
  if (state.status === 'error') return <ErrorNote error={state.error} retry={state.reload} />
  if (!settings) return null
  const submit = async (e: Event) => {
    e.preventDefault()
    if (await save.run(() => saveSettings(site.domain, { honourPrivacySignals: signals }))) {
      state.reload(true)
    }
  }
  return (
    <form class="card form" aria-labelledby="privacy-choices" onSubmit={(e) => void submit(e)}>
      <h2 id="privacy-choices">{t('choices')}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="honourPrivacySignals"
          checked={signals}
          disabled={site.role === 'viewer'}
          onChange={(e) => setSignals(e.currentTarget.checked)}
        />
        {t('signals')}
      </label>
      <p class="muted">{t('signalsHint')}</p>
      <p class="muted">
        {t('exclusions', {
          ips: settings.excludedIps.length,
          paths: settings.excludedPaths.length,
        })}
      </p>
      {site.role !== 'viewer' && (
        <>
          <SaveStatus error={save.error} saved={save.saved} />
          <div class="actions">
            <button
              type="submit"
              class="btn btn-primary"
              disabled={save.busy || signals === settings.honourPrivacySignals}
            >
              {t('save')}
            </button>
          </div>
        </>
      )}
    </form>
  )
}
