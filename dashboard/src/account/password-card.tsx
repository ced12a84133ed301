import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { accountApi, type AccountInfo } from './api'

const dict = {
  en: {
    profile: 'Profile',
    email: 'E-mail',
    name: 'Name',
    save: 'Save',
    password: 'Password',
    current: 'Current password',
    next: 'New password (at least 10 characters)',
    code: 'Code from your authenticator app',
    change: 'Change password',
    changed: 'Password changed. Other sessions were logged out: {n}.',
  },
  de: {
    profile: 'Profil',
    email: 'E-Mail',
    name: 'Name',
    save: 'Speichern',
    password: 'Passwort',
    current: 'Aktuelles Passwort',
    next: 'Neues Passwort (mindestens 10 Zeichen)',
    code: 'Code aus Ihrer Authenticator-App',
    change: 'Passwort ändern',
    changed: 'Passwort geändert. Andere Sitzungen wurden abgemeldet: {n}.',
  },
}

/** Name and password of the logged-in user. */
export function ProfileCards({ info, onChange }: { info: AccountInfo; onChange: () => void }) {
  const t = useT(dict)
  const profile = useSave()
  const pw = useSave()
  const [name, setName] = useState(info.user.name)
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [code, setCode] = useState('')
  const [ended, setEnded] = useState<number>()

  return (
    <>
      <section class="card form" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('profile')}</h2>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault()
            void profile.run(async () => {
              await accountApi.rename(name)
              onChange()
            })
          }}
        >
          <label>
            {t('email')}
            <input readOnly value={info.user.email} />
          </label>
          <label>
            {t('name')}
            <input value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={profile.busy}>
              {t('save')}
            </button>
          </div>
          <SaveStatus error={profile.error} saved={profile.saved} />
        </form>
      </section>
      <section class="card form" aria-labelledby="password-title">
        <h2 id="password-title">{t('password')}</h2>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault()
            void pw.run(async () => {
              const r = await accountApi.changePassword({
                currentPassword: current,
                newPassword: next,
                ...(code && { code }),
              })
              setEnded(r.sessionsEnded)
              setCurrent('')
              setNext('')
              setCode('')
            })
          }}
        >
          <input type="email" hidden autoComplete="username" value={info.user.email} readOnly />
          <label>
            {t('current')}
            <input
              type="password"
              autoComplete="current-password"
              required
              value={current}
              aria-invalid={pw.error?.field === 'currentPassword'}
              onInput={(e) => setCurrent(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('next')}
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              value={next}
              aria-invalid={pw.error?.field === 'newPassword'}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
          </label>
          {info.twoFactor.enabled && (
            <label>
              {t('code')}
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                value={code}
                onInput={(e) => setCode(e.currentTarget.value.trim())}
              />
            </label>
          )}
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={pw.busy}>
              {t('change')}
            </button>
          </div>
          {pw.saved && ended !== undefined ? (
            <p class="ok-text" role="status">
              {t('changed', { n: ended })}
            </p>
          ) : (
            <SaveStatus error={pw.error} saved={false} />
          )}
        </form>
      </section>
    </>
  )
}
