import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { Preferences } from '../components/header'
import { SiteDashboard } from '../components/site-dashboard'
import { ErrorNote, Loading } from '../components/states'
import { useT } from '../i18n'
import { getShare, unlockShare } from '../lib/share-api'
import { setShareTransport } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { useLoc } from '../router'

const dict = {
  en: {
    title: 'Stats for {d}',
    locked: 'This shared dashboard is protected by a password.',
    password: 'Password',
    open: 'Open',
    by: 'Cookieless analytics by Spur',
  },
  de: {
    title: 'Statistiken für {d}',
    locked: 'Dieses geteilte Dashboard ist durch ein Passwort geschützt.',
    password: 'Passwort',
    open: 'Öffnen',
    by: 'Cookielose Statistik mit Spur',
  },
}

/** A public, read-only dashboard opened by a shared link (?embed=1 for an iframe). */
export function ShareScreen({ token }: { token: string }) {
  const t = useT(dict)
  const loc = useLoc()
  const embed = loc.params.get('embed') === '1'
  const info = useAsync(() => getShare(token), `share:${token}`)
  const [access, setAccess] = useState<string>()
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')

  if (info.status === 'error')
    return (
      <main id="main" class="page">
        <ErrorNote error={info.error} />
      </main>
    )
  if (!info.data) return <Loading />
  const { site, passwordRequired } = info.data
  const unlocked = !passwordRequired || !!access
  // Every stats query of this page goes through the link, not a login session.
  setShareTransport({ token, ...(access && { access }) })

  const unlock = async (e: Event) => {
    e.preventDefault()
    setError('')
    try {
      setAccess((await unlockShare(token, password)).access)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  return (
    <>
      {!embed && (
        <header class="app-header">
          <span class="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            Spur
          </span>
          <Preferences />
        </header>
      )}
      <main id="main" class={`page${embed ? ' embed' : ''}`}>
        <div class="page-head">
          <h1>{t('title', { d: site.domain })}</h1>
        </div>
        {!unlocked && (
          <form class="card form narrow" onSubmit={(e) => void unlock(e)}>
            <p>{t('locked')}</p>
            <label>
              {t('password')}
              <input
                type="password"
                required
                autoComplete="off"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            <p class="error-text" role="alert">
              {error}
            </p>
            <button type="submit" class="btn btn-primary">
              {t('open')}
            </button>
          </form>
        )}
        {unlocked && (
          <SiteDashboard
            site={{ domain: site.domain, timezone: site.timezone, role: 'viewer' }}
            basePath={`/share/${encodeURIComponent(token)}`}
            shared
            keepParams={['embed']}
          />
        )}
        <p class="muted footer-note">{t('by')}</p>
      </main>
    </>
  )
}
