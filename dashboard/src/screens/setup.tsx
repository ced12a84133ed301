import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { useT } from '../i18n'
import { postSetup } from '../lib/account-api'
import type { User } from '../lib/types'

const dict = {
  en: {
    title: 'Welcome to Spur',
    intro:
      'Create the first account. It becomes the instance administrator. The setup token is printed in the server log.',
    token: 'Setup token',
    name: 'Name (optional)',
    email: 'E-mail',
    password: 'Password (at least 10 characters)',
    submit: 'Create account',
  },
  de: {
    title: 'Willkommen bei Spur',
    intro:
      'Legen Sie das erste Konto an. Es wird Administrator dieser Instanz. Das Einrichtungs-Token steht im Server-Log.',
    token: 'Einrichtungs-Token',
    name: 'Name (optional)',
    email: 'E-Mail',
    password: 'Passwort (mindestens 10 Zeichen)',
    submit: 'Konto anlegen',
  },
}

/** The one-time first-run page: setup token from the log, then the owner account. */
export function SetupScreen({ onDone }: { onDone: (u: User) => void }) {
  const t = useT(dict)
  const [form, setForm] = useState({ token: '', name: '', email: '', password: '' })
  const [error, setError] = useState<{ message: string; field?: string }>()
  const [busy, setBusy] = useState(false)
  const field = (k: keyof typeof form) => ({
    value: form[k],
    onInput: (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value }),
    'aria-invalid': error?.field === k,
  })

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    try {
      const { user } = await postSetup({
        token: form.token.trim(),
        email: form.email,
        password: form.password,
        ...(form.name && { name: form.name }),
      })
      onDone(user)
    } catch (err) {
      setError(
        err instanceof ApiError
          ? { message: err.message, ...(err.field && { field: err.field }) }
          : { message: String(err) },
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="auth-page" id="main">
      <form class="card auth-card" onSubmit={(e) => void submit(e)}>
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <label>
          {t('token')}
          <input required autoComplete="off" {...field('token')} />
        </label>
        <label>
          {t('name')}
          <input autoComplete="name" {...field('name')} />
        </label>
        <label>
          {t('email')}
          <input type="email" required autoComplete="username" {...field('email')} />
        </label>
        <label>
          {t('password')}
          <input
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            {...field('password')}
          />
        </label>
        <p class="error-text" role="alert">
          {error?.message}
        </p>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </main>
  )
}
