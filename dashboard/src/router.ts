// History-API routing: the URL is the dashboard's state, so a copied link reopens the same
// view and Back/Forward move through views.
import { useEffect, useState } from 'preact/hooks'

export interface Loc {
  path: string
  params: URLSearchParams
}

const listeners = new Set<() => void>()
const read = (): Loc => ({
  path: location.pathname,
  params: new URLSearchParams(location.search),
})

if (typeof window !== 'undefined')
  window.addEventListener('popstate', () => listeners.forEach((l) => l()))

/** Goes to a same-origin URL; `replace` rewrites the current history entry instead. */
export function navigate(to: string, replace = false) {
  const target = new URL(to, location.href)
  if (target.pathname + target.search === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', target)
  else history.pushState(null, '', target)
  listeners.forEach((l) => l())
}

/** The current path and query; re-renders on every navigation. */
export function useLoc(): Loc {
  const [loc, setLoc] = useState(read)
  useEffect(() => {
    const update = () => setLoc(read())
    listeners.add(update)
    return () => {
      listeners.delete(update)
    }
  }, [])
  return loc
}

/** A click handler for <a href> that navigates in-app for plain left clicks. */
export function linkClick(e: MouseEvent) {
  const a = e.currentTarget
  if (!(a instanceof HTMLAnchorElement)) return
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return
  if (new URL(a.href).origin !== location.origin) return
  e.preventDefault()
  navigate(a.href)
}

/** Matches "/sites/:domain/settings" style patterns; returns the decoded params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/')
  const s = path.replace(/\/+$/, '').split('/')
  if (p.length !== s.length) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const want = p[i] ?? ''
    const got = s[i] ?? ''
    if (want.startsWith(':')) {
      if (!got) return null
      out[want.slice(1)] = decodeURIComponent(got)
    } else if (want !== got) return null
  }
  return out
}
