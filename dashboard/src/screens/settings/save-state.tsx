import { useState } from 'preact/hooks'
import { ApiError } from '../../api'
import { useT } from '../../i18n'
import { common } from '../../lib/messages'

/** Tracks one save: busy flag, the server's error (with its field) and a "saved" note. */
export function useSave() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string }>()
  const [saved, setSaved] = useState(false)
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(undefined)
    setSaved(false)
    try {
      await action()
      setSaved(true)
      return true
    } catch (e) {
      setError(
        e instanceof ApiError
          ? { message: e.message, ...(e.field && { field: e.field }) }
          : { message: String(e) },
      )
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, saved, run }
}

/** The outcome line under a form. */
export function SaveStatus({ error, saved }: { error?: { message: string }; saved: boolean }) {
  const t = useT(common)
  return (
    <p class={error ? 'error-text' : 'ok-text'} role="status">
      {error ? error.message : saved ? t('saved') : ''}
    </p>
  )
}

/** Text area lines ↔ a list of strings. */
export const toLines = (list: string[]) => list.join('\n')
export const fromLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
