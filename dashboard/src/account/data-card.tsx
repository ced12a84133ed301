import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { dataApi, type AccountInfo } from './api'
import { ReauthFields } from './shared'

const dict = {
  en: {
    title: 'Your data',
    exportHint:
      'Download everything Spur stores about your account: profile, site roles, sessions, API keys and your entries in the audit log (JSON).',
    download: 'Download my data',
    deleteTitle: 'Delete account',
    deleteHint:
      'Deleting your account ends all its sessions, revokes its API keys and removes you from every site. Sites and their statistics stay. This cannot be undone.',
    confirm: 'I understand that my account is deleted for good',
    password: 'Password',
    code: 'Code from your authenticator app',
    delete: 'Delete my account',
  },
  de: {
    title: 'Ihre Daten',
    exportHint:
      'Laden Sie alles herunter, was Spur zu Ihrem Konto speichert: Profil, Rollen auf Websites, Sitzungen, API-Schlüssel und Ihre Einträge im Prüfprotokoll (JSON).',
    download: 'Meine Daten herunterladen',
    deleteTitle: 'Konto löschen',
    deleteHint:
      'Das Löschen beendet alle Sitzungen Ihres Kontos, widerruft seine API-Schlüssel und entfernt Sie von allen Websites. Websites und ihre Statistiken bleiben. Das lässt sich nicht rückgängig machen.',
    confirm: 'Mir ist klar, dass mein Konto endgültig gelöscht wird',
    password: 'Passwort',
    code: 'Code aus Ihrer Authenticator-App',
    delete: 'Mein Konto löschen',
  },
}

/** Data rights of the logged-in user: a copy of the account's data, and deleting the account. */
export function DataCard({ info }: { info: AccountInfo }) {
  const t = useT(dict)
  const save = useSave()
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [sure, setSure] = useState(false)
  const withCode = info.twoFactor.enabled

  const submit = (e: Event) => {
    e.preventDefault()
    void save.run(async () => {
      await dataApi.deleteAccount(withCode ? { password, code } : { password })
      // The server ended the session; a full load drops everything held in memory for the
      // deleted account and lands on the login screen.
      location.replace('/')
    })
  }

  return (
    <section class="card form" aria-labelledby="data-title" data-account-data>
      <h2 id="data-title">{t('title')}</h2>
      <p class="muted">{t('exportHint')}</p>
      <div class="actions">
        <a class="btn" href={dataApi.exportUrl} download="spur-account.json">
          {t('download')}
        </a>
      </div>
      <h3>{t('deleteTitle')}</h3>
      <p class="muted">{t('deleteHint')}</p>
      <form class="form" onSubmit={submit} data-delete-account>
        <ReauthFields
          labels={{ password: t('password'), code: t('code') }}
          withCode={withCode}
          password={password}
          code={code}
          onPassword={setPassword}
          onCode={setCode}
          invalid={save.error?.field}
        />
        <label class="check">
          <input
            type="checkbox"
            required
            checked={sure}
            onChange={(e) => setSure(e.currentTarget.checked)}
          />
          {t('confirm')}
        </label>
        <div class="actions">
          <button type="submit" class="btn btn-danger" disabled={save.busy || !sure}>
            {t('delete')}
          </button>
        </div>
        <SaveStatus error={save.error} saved={false} />
      </form>
    </section>
  )
}
