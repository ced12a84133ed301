import { useEffect, useState } from 'preact/hooks'
import { ApiError, request } from '../api'
import { useT } from '../i18n'
import { login } from '../lib/account-api'
import type { User } from '../lib/types'
import { linkClick, navigate } from '../router'

const dict = {
  en: {
    title: 'Log in to Spur',
    email: 'E-mail',
    password: 'Password',
    code: 'Authentication code',
    codeHint: 'Enter the 6-digit code from your authenticator app, or a recovery code.',
    submit: 'Log in',
    verify: 'Verify',
    back: 'Use another account',
    busy: 'Logging in…',
    forgot: 'Forgot password?',
  },
  de: {
    title: 'Bei Spur anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    code: 'Bestätigungscode',
    codeHint:
      'Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein.',
    submit: 'Anmelden',
    verify: 'Bestätigen',
    back: 'Anderes Konto verwenden',
    busy: 'Anmeldung läuft …',
    forgot: 'Passwort vergessen?',
  },
}

/** E-mail and password, then — when the account has two-factor authentication — the code. */
export function LoginScreen({ onLogin }: { onLogin: (u: User) => void }) {
  const t = useT(dict)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [needCode, setNeedCode] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [canReset, setCanReset] = useState(false)

  // The link only shows when the server can mail a reset link (SMTP configured).
  useEffect(() => {
    request<{ passwordResetByEmail: boolean }>('GET', '/api/auth/options').then(
      (o) => setCanReset(o.passwordResetByEmail === true),
      () => setCanReset(false),
    )
  }, [])

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const res = await login(needCode ? { email, password, code } : { email, password })
      onLogin(res.user)
      // The instance requires two-factor authentication and this account has none yet.
      if (res.twoFactorSetupRequired) navigate('/account')
    } catch (err) {
      if (err instanceof ApiError && err.body.twoFactorRequired === true && !needCode) {
        setNeedCode(true)
      } else {
        setError(err instanceof Error ? err.message : String(err))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="auth-page" id="main">
      <form class="card auth-card" onSubmit={(e) => void submit(e)} aria-describedby="login-error">
        <h1>{t('title')}</h1>
        {!needCode && (
          <>
            <label>
              {t('email')}
              <input
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </label>
            <label>
              {t('password')}
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
          </>
        )}
        {needCode && (
          <label>
            {t('code')}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.trim())}
            />
            <small>{t('codeHint')}</small>
          </label>
        )}
        <p id="login-error" class="error-text" role="alert">
          {error}
        </p>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('busy') : needCode ? t('verify') : t('submit')}
        </button>
        {needCode && (
          <button
            type="button"
            class="btn btn-link"
            onClick={() => {
              setNeedCode(false)
              setCode('')
              setError('')
            }}
          >
            {t('back')}
          </button>
        )}
        {canReset && !needCode && (
          <a href="/forgot-password" onClick={linkClick}>
            {t('forgot')}
          </a>
        )}
      </form>
    </main>
  )
}
