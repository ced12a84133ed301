import { useState } from 'preact/hooks'
import { TimezoneSelect } from '../../components/timezone-select'
import { useT } from '../../i18n'
import { updateSite } from '../../lib/account-api'
import { common } from '../../lib/messages'
import type { Site } from '../../lib/types'
import { navigate } from '../../router'
import { fromLines, SaveStatus, toLines, useSave } from './save-state'

const dict = {
  en: {
    title: 'General',
    domain: 'Domain',
    domainHint: 'Changing the domain keeps all data; update data-domain in your snippet too.',
    aliases: 'Aliases (one domain per line)',
    aliasesHint: 'Hits sent with one of these domains count for this site.',
    timezone: 'Time zone for reports',
  },
  de: {
    title: 'Allgemein',
    domain: 'Domain',
    domainHint:
      'Eine Änderung der Domain behält alle Daten; passen Sie auch data-domain im Snippet an.',
    aliases: 'Aliase (eine Domain pro Zeile)',
    aliasesHint: 'Treffer mit einer dieser Domains zählen für diese Website.',
    timezone: 'Zeitzone der Berichte',
  },
}

/** Domain, aliases and time zone. */
export function GeneralSettings({ site, onChange }: { site: Site; onChange: () => void }) {
  const t = useT(dict)
  const tc = useT(common)
  const [domain, setDomain] = useState(site.domain)
  const [aliases, setAliases] = useState(toLines(site.aliases))
  const [timezone, setTimezone] = useState(site.timezone)
  const save = useSave()
  const submit = async (e: Event) => {
    e.preventDefault()
    let renamed = ''
    const ok = await save.run(async () => {
      const res = await updateSite(site.domain, { domain, aliases: fromLines(aliases), timezone })
      renamed = res.site.domain !== site.domain ? res.site.domain : ''
    })
    if (ok && renamed) navigate(`/sites/${encodeURIComponent(renamed)}/settings`, true)
    if (ok) onChange()
  }
  return (
    <form class="card form" onSubmit={(e) => void submit(e)}>
      <h2>{t('title')}</h2>
      <label>
        {t('domain')}
        <input
          required
          value={domain}
          aria-invalid={save.error?.field === 'domain'}
          onInput={(e) => setDomain(e.currentTarget.value)}
        />
        <small>{t('domainHint')}</small>
      </label>
      <label>
        {t('aliases')}
        <textarea
          rows={3}
          value={aliases}
          aria-invalid={save.error?.field?.startsWith('aliases')}
          onInput={(e) => setAliases(e.currentTarget.value)}
        />
        <small>{t('aliasesHint')}</small>
      </label>
      <label>
        {t('timezone')}
        <TimezoneSelect value={timezone} onChange={setTimezone} />
      </label>
      <SaveStatus error={save.error} saved={save.saved} />
      <button type="submit" class="btn btn-primary" disabled={save.busy}>
        {tc('save')}
      </button>
    </form>
  )
}
