import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { linkApi, type AccountUser } from './api'

const dict = {
  en: {
    inviteTitle: 'Join Spur',
    invitedAs: 'You are invited as {email}.',
    name: 'Your name',
    password: 'Choose a password (at least 10 characters)',
    accept: 'Create account',
    resetTitle: 'Set a new password',
    resetFor: 'For {email}. All sessions of the account end.',
    set: 'Set password',
    done: 'Your password is set. Log in with it now.',
    login: 'Go to login',
    forgotTitle: 'Forgot your password?',
    forgotHint: 'Enter the e-mail address of your account. We send a link to set a new password.',
    email: 'E-mail',
    send: 'Send link',
    sent: 'If an account uses this address, a link is on its way. It works for 24 hours.',
    noMail: 'This server cannot send e-mail. Ask an administrator for a reset link.',
  },
  de: {
    inviteTitle: 'Spur beitreten',
    invitedAs: 'Sie sind als {email} eingeladen.',
    name: 'Ihr Name',
    password: 'Passwort wählen (mindestens 10 Zeichen)',
    accept: 'Konto anlegen',
    resetTitle: 'Neues Passwort setzen',
    resetFor: 'Für {email}. Alle Sitzungen des Kontos enden.',
    set: 'Passwort setzen',
    done: 'Ihr Passwort ist gesetzt. Melden Sie sich jetzt damit an.',
    login: 'Zur Anmeldung',
    forgotTitle: 'Passwort vergessen?',
    forgotHint:
      'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden einen Link für ein neues Passwort.',
    email: 'E-Mail',
    send: 'Link senden',
    sent: 'Falls ein Konto diese Adresse nutzt, ist ein Link unterwegs. Er gilt 24 Stunden.',
    noMail:
      'Dieser Server kann keine E-Mails senden. Bitten Sie eine Administratorin oder einen Administrator um einen Link.',
  },
}

// The token travels in the URL fragment (#…), which browsers never send to a server or in a Referer.
const tokenFromHash = () => (typeof location === 'undefined' ? '' : location.hash.slice(1))

/** /invite#<token>: accept an invitation by choosing a password; logs the new account in. */
export function InviteScreen({ onDone }: { onDone: (user: AccountUser) => void }) {
  const t = useT(dict)
  const token = tokenFromHash()
  const invite = useAsync(() => linkApi.invite(token), token)
  const save = useSave()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  return (
    <main class="auth-page" id="main">
      <form
        class="card auth-card"
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(async () => onDone((await linkApi.accept(token, { name, password })).user))
        }}
      >
        <h1>{t('inviteTitle')}</h1>
        {invite.status === 'loading' && <Loading />}
        {invite.status === 'error' && <ErrorNote error={invite.error} />}
        {invite.data && (
          <>
            <p>{t('invitedAs', { email: invite.data.invite.email })}</p>
            <input
              type="email"
              hidden
              autoComplete="username"
              value={invite.data.invite.email}
              readOnly
            />
            <label>
              {t('name')}
              <input
                autoComplete="name"
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </label>
            <label>
              {t('password')}
              <input
                type="password"
                autoComplete="new-password"
                minLength={10}
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('accept')}
            </button>
          </>
        )}
        <SaveStatus error={save.error} saved={false} />
      </form>
    </main>
  )
}

/** /reset-password#<token>: set a new password from a one-time link. */
export function PasswordResetScreen() {
  const t = useT(dict)
  const token = tokenFromHash()
  const link = useAsync(() => linkApi.reset(token), token)
  const save = useSave()
  const [password, setPassword] = useState('')
  return (
    <main class="auth-page" id="main">
      <form
        class="card auth-card"
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(() => linkApi.setPassword(token, password))
        }}
      >
        <h1>{t('resetTitle')}</h1>
        {link.status === 'loading' && <Loading />}
        {link.status === 'error' && <ErrorNote error={link.error} />}
        {link.data && !save.saved && (
          <>
            <p>{t('resetFor', { email: link.data.email })}</p>
            <input type="email" hidden autoComplete="username" value={link.data.email} readOnly />
            <label>
              {t('password')}
              <input
                type="password"
                autoComplete="new-password"
                minLength={10}
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('set')}
            </button>
          </>
        )}
        {save.saved && (
          <p class="ok-text">
            {t('done')} <a href="/">{t('login')}</a>
          </p>
        )}
        <SaveStatus error={save.error} saved={false} />
      </form>
    </main>
  )
}

/** /forgot-password: ask for a reset link by e-mail (when the server has SMTP). */
export function ForgotPasswordScreen() {
  const t = useT(dict)
  const options = useAsync(() => linkApi.options(), 'options')
  const save = useSave()
  const [email, setEmail] = useState('')
  return (
    <main class="auth-page" id="main">
      <form
        class="card auth-card"
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(() => linkApi.requestReset(email))
        }}
      >
        <h1>{t('forgotTitle')}</h1>
        {options.data && !options.data.passwordResetByEmail && <p>{t('noMail')}</p>}
        {options.data?.passwordResetByEmail && !save.saved && (
          <>
            <p>{t('forgotHint')}</p>
            <label>
              {t('email')}
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('send')}
            </button>
          </>
        )}
        {save.saved && <p class="ok-text">{t('sent')}</p>}
        <SaveStatus error={save.error} saved={false} />
        <a href="/">{t('login')}</a>
      </form>
    </main>
  )
}
