import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { Snippet } from '../components/snippet'
import { browserTimezone, TimezoneSelect } from '../components/timezone-select'
import { useT } from '../i18n'
import { createSite } from '../lib/account-api'
import type { Site } from '../lib/types'
import { linkClick } from '../router'

const dict = {
  en: {
    title: 'Add a site',
    domain: 'Domain',
    domainHint: 'Without https:// and www is part of the name, e.g. shop.example.de',
    timezone: 'Time zone for reports',
    submit: 'Add site',
    done: '{d} is added',
    next: 'Then open the dashboard; the first visit shows up within seconds.',
    open: 'Open the dashboard',
  },
  de: {
    title: 'Website hinzufügen',
    domain: 'Domain',
    domainHint: 'Ohne https://; www gehört zum Namen, z. B. shop.example.de',
    timezone: 'Zeitzone der Berichte',
    submit: 'Website hinzufügen',
    done: '{d} wurde hinzugefügt',
    next: 'Öffnen Sie danach das Dashboard; der erste Besuch erscheint nach wenigen Sekunden.',
    open: 'Dashboard öffnen',
  },
}

/** Adds a site and shows the snippet to paste. */
export function NewSiteScreen() {
  const t = useT(dict)
  const [domain, setDomain] = useState('')
  const [timezone, setTimezone] = useState(browserTimezone())
  const [error, setError] = useState('')
  const [created, setCreated] = useState<Site>()
  const [busy, setBusy] = useState(false)

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      setCreated((await createSite({ domain, timezone })).site)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  if (created)
    return (
      <main id="main" class="page narrow">
        <h1>{t('done', { d: created.domain })}</h1>
        <Snippet code={created.snippet} />
        <p>{t('next')}</p>
        <a
          class="btn btn-primary"
          href={`/sites/${encodeURIComponent(created.domain)}`}
          onClick={linkClick}
        >
          {t('open')}
        </a>
      </main>
    )
  return (
    <main id="main" class="page narrow">
      <h1>{t('title')}</h1>
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('domain')}
          <input
            name="domain"
            required
            placeholder="example.com"
            value={domain}
            aria-invalid={!!error}
            aria-describedby="domain-hint new-site-error"
            onInput={(e) => setDomain(e.currentTarget.value)}
          />
          <small id="domain-hint">{t('domainHint')}</small>
        </label>
        <label>
          {t('timezone')}
          <TimezoneSelect value={timezone} onChange={setTimezone} />
        </label>
        <p id="new-site-error" class="error-text" role="alert">
          {error}
        </p>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </main>
  )
}
