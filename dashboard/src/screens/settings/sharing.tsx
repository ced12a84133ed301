import { useState } from 'preact/hooks'
import { useT } from '../../i18n'
import { createSharedLink, revokeSharedLink, type SharedLinkCreated } from '../../lib/share-api'
import type { Site } from '../../lib/types'
import { SaveStatus, useSave } from './save-state'

const dict = {
  en: {
    title: 'Shared link',
    intro:
      'A public, read-only link to this dashboard: anyone with the link sees the stats, nothing else. You can protect it with a password and revoke it at any time.',
    active:
      'A shared link is active. For security its address is shown only once, when it is created; create a new one to get a new address (the old one stops working).',
    none: 'No shared link exists.',
    password: 'Password (optional, at least 10 characters)',
    create: 'Create shared link',
    replace: 'Replace with a new link',
    revoke: 'Revoke link',
    url: 'Link',
    embed: 'Embed code (iframe)',
    once: 'Copy it now: the address is not shown again.',
  },
  de: {
    title: 'Geteilter Link',
    intro:
      'Ein öffentlicher Nur-Lese-Link auf dieses Dashboard: Wer den Link hat, sieht die Statistiken, sonst nichts. Sie können ihn mit einem Passwort schützen und jederzeit widerrufen.',
    active:
      'Ein geteilter Link ist aktiv. Aus Sicherheitsgründen wird seine Adresse nur einmal beim Anlegen gezeigt; legen Sie einen neuen an, um eine neue Adresse zu erhalten (die alte gilt dann nicht mehr).',
    none: 'Es gibt keinen geteilten Link.',
    password: 'Passwort (optional, mindestens 10 Zeichen)',
    create: 'Geteilten Link anlegen',
    replace: 'Durch neuen Link ersetzen',
    revoke: 'Link widerrufen',
    url: 'Link',
    embed: 'Einbettungscode (iframe)',
    once: 'Jetzt kopieren: Die Adresse wird nicht noch einmal gezeigt.',
  },
}

/** Create, replace or revoke the site's public shared link; shows the link and embed code once. */
export function SharingSettings({ site, onChange }: { site: Site; onChange: () => void }) {
  const t = useT(dict)
  const [password, setPassword] = useState('')
  const [created, setCreated] = useState<SharedLinkCreated>()
  const save = useSave()
  const active = site.settings.sharedLink || !!created

  const create = async (e: Event) => {
    e.preventDefault()
    await save.run(async () => {
      setCreated(await createSharedLink(site.domain, password || undefined))
      setPassword('')
      onChange()
    })
  }
  const revoke = async () => {
    await save.run(async () => {
      await revokeSharedLink(site.domain)
      setCreated(undefined)
      onChange()
    })
  }
  const embed =
    created &&
    `<iframe src="${created.embedUrl}" title="${site.domain}" loading="lazy" style="width:100%;height:1600px;border:0"></iframe>`

  return (
    <section class="card form">
      <h2>{t('title')}</h2>
      <p>{t('intro')}</p>
      <p class="muted">{active ? (created ? t('once') : t('active')) : t('none')}</p>
      {created && (
        <>
          <label>
            {t('url')}
            <input
              readOnly
              value={created.url}
              data-share-url
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <label>
            {t('embed')}
            <textarea readOnly rows={3} value={embed} onFocus={(e) => e.currentTarget.select()} />
          </label>
        </>
      )}
      <form onSubmit={(e) => void create(e)} class="form">
        <label>
          {t('password')}
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            aria-invalid={save.error?.field === 'password'}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={save.busy}>
            {active ? t('replace') : t('create')}
          </button>
          {active && (
            <button
              type="button"
              class="btn btn-danger"
              disabled={save.busy}
              onClick={() => void revoke()}
            >
              {t('revoke')}
            </button>
          )}
        </div>
      </form>
      <SaveStatus error={save.error} saved={false} />
    </section>
  )
}
