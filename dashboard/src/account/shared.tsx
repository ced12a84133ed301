import { getLocale } from '../i18n'

/** A date and time in the dashboard's language, in the viewer's own time zone. */
export function formatWhen(ms: number | null | undefined): string {
  if (!ms) return '–'
  return new Intl.DateTimeFormat(getLocale() === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(ms))
}

/** A secret shown once (a key, a link, recovery codes), selected on focus for copying. */
export function OnceBox({
  label,
  value,
  rows = 1,
}: {
  label: string
  value: string
  rows?: number
}) {
  return (
    <label>
      {label}
      {rows > 1 ? (
        <textarea readOnly rows={rows} value={value} onFocus={(e) => e.currentTarget.select()} />
      ) : (
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      )}
    </label>
  )
}

/** Password (and, with 2FA on, code) fields for confirming a sensitive action. */
export function ReauthFields(props: {
  labels: { password: string; code: string }
  withCode: boolean
  password: string
  code: string
  onPassword: (v: string) => void
  onCode: (v: string) => void
  invalid?: string | undefined
}) {
  return (
    <>
      <label>
        {props.labels.password}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={props.password}
          aria-invalid={props.invalid === 'password'}
          onInput={(e) => props.onPassword(e.currentTarget.value)}
        />
      </label>
      {props.withCode && (
        <label>
          {props.labels.code}
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={props.code}
            aria-invalid={props.invalid === 'code'}
            onInput={(e) => props.onCode(e.currentTarget.value.trim())}
          />
        </label>
      )}
    </>
  )
}
