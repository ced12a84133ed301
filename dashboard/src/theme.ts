// Light, dark or the system's choice. The choice is the dashboard user's own UI preference,
// kept on their device; the page follows prefers-color-scheme until they pick one.
import { useState } from 'preact/hooks'

export type ThemeChoice = 'system' | 'light' | 'dark'
const KEY = 'spur.theme'

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    if (v === 'light' || v === 'dark') return v
  } catch {
    // Storage blocked: follow the system.
  }
  return 'system'
}

/** Applies a theme choice to the document (data-theme is what the CSS reads). */
export function applyTheme(choice: ThemeChoice = read()) {
  const root = document.documentElement
  if (choice === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', choice)
}

/** The theme choice and a setter that applies and remembers it. */
export function useTheme(): [ThemeChoice, (c: ThemeChoice) => void] {
  const [choice, setChoice] = useState(read)
  const set = (c: ThemeChoice) => {
    try {
      if (c === 'system') localStorage.removeItem(KEY)
      else localStorage.setItem(KEY, c)
    } catch {
      // The choice still applies to this page.
    }
    applyTheme(c)
    setChoice(c)
  }
  return [choice, set]
}
