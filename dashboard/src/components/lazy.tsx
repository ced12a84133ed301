import type { ComponentType, FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { ApiError } from '../api'
import { ErrorNote, Loading } from './states'

/**
 * A component whose code loads on first use, so screens most visits never open (account,
 * administration, segments, privacy) stay out of the initial download.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): FunctionComponent<P> {
  let cached: ComponentType<P> | undefined
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | undefined>(() => cached)
    const [error, setError] = useState<ApiError>()
    const [attempt, setAttempt] = useState(0)
    useEffect(() => {
      if (Component) return
      load().then(
        (c) => {
          cached = c
          setComponent(() => c)
        },
        (e: unknown) => setError(new ApiError(0, e instanceof Error ? e.message : String(e))),
      )
    }, [attempt])
    if (error)
      return (
        <ErrorNote
          error={error}
          retry={() => {
            setError(undefined)
            setAttempt(attempt + 1)
          }}
        />
      )
    if (!Component) return <Loading />
    return <Component {...props} />
  }
}
