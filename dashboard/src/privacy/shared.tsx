import type { Locale } from '../i18n'

/** An instant as a calendar date in the site's time zone. */
export function formatDay(ms: number, timezone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timezone,
  }).format(new Date(ms))
}

/** Password and second factor for an action that deletes data. */
export function ReauthFields(props: {
  labels: { password: string; code: string }
  password: string
  code: string
  onPassword: (v: string) => void
  onCode: (v: string) => void
}) {
  return (
    <>
      <label>
        {props.labels.password}
        <input
          type="password"
          autocomplete="current-password"
          required
          value={props.password}
          onInput={(e) => props.onPassword(e.currentTarget.value)}
        />
      </label>
      <label>
        {props.labels.code}
        <input
          inputMode="numeric"
          autocomplete="one-time-code"
          value={props.code}
          onInput={(e) => props.onCode(e.currentTarget.value)}
        />
      </label>
    </>
  )
}
