import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api'

export type AsyncState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiError; data?: T }

/**
 * Runs an async load whenever `key` changes and keeps its state; an answer that arrives
 * after a newer load started is ignored, so quick range changes cannot show stale data.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  key: string,
): AsyncState<T> & { reload: (quiet?: boolean) => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' })
  const seq = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load
  const run = useCallback((quiet = false) => {
    const mine = ++seq.current
    if (!quiet)
      setState((s) => ({ status: 'loading', ...(s.data !== undefined && { data: s.data }) }))
    loadRef.current().then(
      (data) => {
        if (mine === seq.current) setState({ status: 'ok', data })
      },
      (error: unknown) => {
        if (mine !== seq.current) return
        const e = error instanceof ApiError ? error : new ApiError(0, String(error))
        setState((s) => ({
          status: 'error',
          error: e,
          ...(s.data !== undefined && { data: s.data }),
        }))
      },
    )
  }, [])
  useEffect(() => run(), [key, run])
  return { ...state, reload: run }
}
