import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { listSites } from '../lib/account-api'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { accountApi, type Scope } from './api'
import { OnceBox, formatWhen } from './shared'

const dict = {
  en: {
    title: 'API keys',
    intro:
      'Keys for the Stats API and scripts. A key is shown once, stored only as a hash, and can be revoked at any time. Requests with a key send it as "Authorization: Bearer <key>".',
    name: 'Name',
    read: 'Read stats',
    manage: 'Manage sites (change settings)',
    sites: 'Sites (none selected: all your sites)',
    create: 'Create key',
    once: 'Your new key. Copy it now: it is not shown again.',
    none: 'No API keys.',
    used: 'Last used',
    never: 'never',
    revoke: 'Revoke',
    all: 'all sites',
    gone: 'no site (its sites were deleted)',
  },
  de: {
    title: 'API-Schlüssel',
    intro:
      'Schlüssel für die Stats-API und Skripte. Ein Schlüssel wird einmal gezeigt, nur als Hash gespeichert und kann jederzeit widerrufen werden. Anfragen senden ihn als „Authorization: Bearer <Schlüssel>“.',
    name: 'Name',
    read: 'Statistiken lesen',
    manage: 'Websites verwalten (Einstellungen ändern)',
    sites: 'Websites (keine gewählt: alle Ihre Websites)',
    create: 'Schlüssel anlegen',
    once: 'Ihr neuer Schlüssel. Jetzt kopieren: Er wird nicht noch einmal gezeigt.',
    none: 'Keine API-Schlüssel.',
    used: 'Zuletzt genutzt',
    never: 'nie',
    revoke: 'Widerrufen',
    all: 'alle Websites',
    gone: 'keine Website (ihre Websites wurden gelöscht)',
  },
}

/** Create (shown once), list and revoke the user's API keys. */
export function KeysCard() {
  const t = useT(dict)
  const keys = useAsync(() => accountApi.keys(), 'keys')
  const sites = useAsync(() => listSites(), 'sites')
  const save = useSave()
  const [name, setName] = useState('')
  const [manage, setManage] = useState(false)
  const [chosen, setChosen] = useState<string[]>([])
  const [secret, setSecret] = useState('')

  const create = (e: Event) => {
    e.preventDefault()
    const scopes: Scope[] = manage ? ['stats:read', 'sites:manage'] : ['stats:read']
    void save.run(async () => {
      setSecret((await accountApi.createKey({ name, scopes, sites: chosen })).secret)
      setName('')
      setChosen([])
      keys.reload(true)
    })
  }
  const toggle = (domain: string) =>
    setChosen((c) => (c.includes(domain) ? c.filter((d) => d !== domain) : [...c, domain]))

  return (
    <section class="card form" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('title')}</h2>
      <p class="muted">{t('intro')}</p>
      {secret && <OnceBox label={t('once')} value={secret} />}
      <form class="form" onSubmit={create}>
        <label>
          {t('name')}
          <input
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={manage}
            onChange={(e) => setManage(e.currentTarget.checked)}
          />
          {t('manage')}
        </label>
        {sites.data && sites.data.sites.length > 0 && (
          <fieldset>
            <legend>{t('sites')}</legend>
            {sites.data.sites.map((s) => (
              <label class="check" key={s.domain}>
                <input
                  type="checkbox"
                  checked={chosen.includes(s.domain)}
                  onChange={() => toggle(s.domain)}
                />
                {s.domain}
              </label>
            ))}
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={save.busy}>
            {t('create')}
          </button>
        </div>
      </form>
      <SaveStatus error={save.error} saved={false} />
      {keys.status === 'loading' && <Loading />}
      {keys.status === 'error' && <ErrorNote error={keys.error} retry={() => keys.reload()} />}
      {keys.data && keys.data.keys.length === 0 && <p class="muted">{t('none')}</p>}
      {keys.data && keys.data.keys.length > 0 && (
        <ul class="item-list">
          {keys.data.keys.map((k) => (
            <li key={k.id}>
              <strong>{k.name}</strong> <code>{k.prefix}…</code>{' '}
              <span class="muted">
                {k.scopes.includes('sites:manage') ? t('manage') : t('read')} ·{' '}
                {k.sites.length ? k.sites.join(', ') : k.limited ? t('gone') : t('all')} ·{' '}
                {t('used')}: {k.lastUsedAt ? formatWhen(k.lastUsedAt) : t('never')}
              </span>{' '}
              <button
                type="button"
                class="btn btn-small btn-danger"
                disabled={save.busy}
                onClick={() =>
                  void save.run(() => accountApi.revokeKey(k.id)).then(() => keys.reload(true))
                }
              >
                {t('revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
