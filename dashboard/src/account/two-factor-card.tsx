import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { accountApi, type AccountInfo } from './api'
import { OnceBox, ReauthFields } from './shared'

const dict = {
  en: {
    title: 'Two-factor authentication',
    on: 'On. Logging in needs a code from your authenticator app. Recovery codes left: {n}.',
    off: 'Off. Turn it on so that a stolen password alone does not open your account.',
    required: 'This instance requires two-factor authentication. Set it up to continue.',
    start: 'Set up two-factor authentication',
    scan: 'Scan this QR code with your authenticator app, or enter the key by hand.',
    qr: 'QR code for your authenticator app',
    secret: 'Key',
    code: 'Code from the app',
    confirm: 'Turn on',
    codes:
      'Recovery codes — each works once if you lose your device. Store them safely now; they are not shown again.',
    password: 'Password',
    turnOff: 'Turn off',
    newCodes: 'New recovery codes',
    done: 'Done',
  },
  de: {
    title: 'Zwei-Faktor-Authentifizierung',
    on: 'Aktiv. Die Anmeldung braucht einen Code aus Ihrer Authenticator-App. Verbleibende Wiederherstellungscodes: {n}.',
    off: 'Aus. Schalten Sie sie ein, damit ein gestohlenes Passwort allein Ihr Konto nicht öffnet.',
    required:
      'Diese Instanz verlangt Zwei-Faktor-Authentifizierung. Richten Sie sie ein, um fortzufahren.',
    start: 'Zwei-Faktor-Authentifizierung einrichten',
    scan: 'Scannen Sie diesen QR-Code mit Ihrer Authenticator-App oder geben Sie den Schlüssel von Hand ein.',
    qr: 'QR-Code für Ihre Authenticator-App',
    secret: 'Schlüssel',
    code: 'Code aus der App',
    confirm: 'Einschalten',
    codes:
      'Wiederherstellungscodes – jeder gilt einmal, falls Sie Ihr Gerät verlieren. Bewahren Sie sie jetzt sicher auf; sie werden nicht noch einmal gezeigt.',
    password: 'Passwort',
    turnOff: 'Ausschalten',
    newCodes: 'Neue Wiederherstellungscodes',
    done: 'Fertig',
  },
}

type Step =
  { at: 'idle' } | { at: 'scan'; secret: string; qr: string } | { at: 'codes'; codes: string[] }

/** Enrol in TOTP (QR rendered by the server, no third party), show recovery codes, turn off. */
export function TwoFactorCard({ info, onChange }: { info: AccountInfo; onChange: () => void }) {
  const t = useT(dict)
  const save = useSave()
  const [step, setStep] = useState<Step>({ at: 'idle' })
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const enabled = info.twoFactor.enabled
  const labels = { password: t('password'), code: t('code') }

  const begin = (e: Event) => {
    e.preventDefault()
    void save.run(async () => {
      const r = await accountApi.beginTwoFactor(password)
      setStep({ at: 'scan', secret: r.secret, qr: r.qrDataUrl })
      setPassword('')
    })
  }
  const confirm = (e: Event) => {
    e.preventDefault()
    void save.run(async () => {
      const r = await accountApi.enableTwoFactor(code)
      setStep({ at: 'codes', codes: r.recoveryCodes })
      setCode('')
    })
  }
  const reauthed = (action: 'off' | 'codes') => (e: Event) => {
    e.preventDefault()
    void save.run(async () => {
      const body = { password, code }
      if (action === 'off') {
        await accountApi.disableTwoFactor(body)
        onChange()
      } else
        setStep({ at: 'codes', codes: (await accountApi.newRecoveryCodes(body)).recoveryCodes })
      setPassword('')
      setCode('')
    })
  }

  return (
    <section class="card form" aria-labelledby="tfa-title" data-two-factor>
      <h2 id="tfa-title">{t('title')}</h2>
      {!enabled && info.require2fa && <p class="error-text">{t('required')}</p>}
      <p>{enabled ? t('on', { n: info.twoFactor.recoveryCodesLeft }) : t('off')}</p>
      {step.at === 'codes' && (
        <>
          <OnceBox
            label={t('codes')}
            value={step.codes.join('\n')}
            rows={step.codes.length / 2 + 1}
          />
          <div class="actions">
            <button
              type="button"
              class="btn btn-primary"
              onClick={() => (setStep({ at: 'idle' }), onChange())}
            >
              {t('done')}
            </button>
          </div>
        </>
      )}
      {!enabled && step.at === 'idle' && (
        <form class="form" onSubmit={begin}>
          <ReauthFields
            labels={labels}
            withCode={false}
            password={password}
            code=""
            onPassword={setPassword}
            onCode={setCode}
            invalid={save.error?.field}
          />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('start')}
            </button>
          </div>
        </form>
      )}
      {!enabled && step.at === 'scan' && (
        <form class="form" onSubmit={confirm}>
          <p>{t('scan')}</p>
          <img src={step.qr} width={200} height={200} alt={t('qr')} />
          <OnceBox label={t('secret')} value={step.secret} />
          <label>
            {t('code')}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.trim())}
            />
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('confirm')}
            </button>
          </div>
        </form>
      )}
      {enabled && step.at === 'idle' && (
        <form class="form" onSubmit={reauthed('codes')}>
          <ReauthFields
            labels={labels}
            withCode
            password={password}
            code={code}
            onPassword={setPassword}
            onCode={setCode}
            invalid={save.error?.field}
          />
          <div class="actions">
            <button type="submit" class="btn" disabled={save.busy}>
              {t('newCodes')}
            </button>
            <button
              type="button"
              class="btn btn-danger"
              disabled={save.busy || info.require2fa}
              onClick={(e) => reauthed('off')(e)}
            >
              {t('turnOff')}
            </button>
          </div>
        </form>
      )}
      <SaveStatus error={save.error} saved={false} />
    </section>
  )
}
