import type { ComponentChildren } from 'preact'
import type { ApiError } from '../api'
import { useT } from '../i18n'
import { common } from '../lib/messages'

/** A placeholder while data loads; announced politely to screen readers. */
export function Loading({ label }: { label?: string }) {
  const t = useT(common)
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('loading')}
    </div>
  )
}

/** Nothing to show yet, with an optional hint. */
export function Empty({ children }: { children?: ComponentChildren }) {
  const t = useT(common)
  return <div class="state state-empty">{children ?? t('empty')}</div>
}

/** A failed load with the server's message and a retry button. */
export function ErrorNote({ error, retry }: { error: ApiError; retry?: () => void }) {
  const t = useT(common)
  return (
    <div class="state state-error" role="alert">
      <span>
        {t('error')}: {error.message}
      </span>
      {retry && (
        <button type="button" class="btn btn-small" onClick={() => retry()}>
          {t('retry')}
        </button>
      )}
    </div>
  )
}
