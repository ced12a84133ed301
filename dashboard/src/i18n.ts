// German and English for the dashboard and its feature folders. Each module keeps its own
// dictionary `{ en: {...}, de: {...} }` and reads it with `useT(dict)`.
import { useEffect, useState } from 'preact/hooks'

export type Locale = 'en' | 'de'
export const LOCALES: readonly Locale[] = ['en', 'de']
const STORAGE_KEY = 'spur.locale'

/** A dictionary: the same keys in every locale, so a missing translation is a type error. */
export type Dict<K extends string> = Record<Locale, Record<K, string>>

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'de') return saved
  } catch {
    // Storage blocked: fall back to the browser's languages.
  }
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages
  for (const lang of langs) {
    const base = lang.slice(0, 2).toLowerCase()
    if (base === 'de' || base === 'en') return base
  }
  return 'en'
}

let current: Locale = initialLocale()
const listeners = new Set<(l: Locale) => void>()
if (typeof document !== 'undefined') document.documentElement.lang = current

/** The locale in use now. */
export function getLocale(): Locale {
  return current
}

/** Switches the locale for the whole dashboard and remembers the choice on this device. */
export function setLocale(locale: Locale) {
  current = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // A preference that cannot be saved still applies for this page.
  }
  listeners.forEach((l) => l(locale))
}

/** The current locale; re-renders the component when it changes. */
export function useLocale(): Locale {
  const [locale, set] = useState(current)
  useEffect(() => {
    listeners.add(set)
    set(current)
    return () => {
      listeners.delete(set)
    }
  }, [])
  return locale
}

/** Replaces `{name}` placeholders. */
export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

/** Returns a translate function for a dictionary, bound to the current locale. */
export function useT<K extends string>(
  dict: Dict<K>,
): (key: K, vars?: Record<string, string | number>) => string {
  const locale = useLocale()
  return (key, vars) => interpolate(dict[locale][key], vars)
}

const tag = (l: Locale) => (l === 'de' ? 'de-DE' : 'en-GB')

/** 1234567 → "1,234,567" (en) or "1.234.567" (de). */
export function formatNumber(n: number, locale: Locale = current): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 2 }).format(n)
}

/** Below 10,000 the full number; above, compact: 12345 → "12.3k" (en), "12.345" (de). */
export function formatCompact(n: number, locale: Locale = current): string {
  if (Math.abs(n) < 10000) return formatNumber(Math.round(n * 100) / 100, locale)
  return new Intl.NumberFormat(tag(locale), {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n)
}

/** 42.5 → "42.5%" (en) or "42,5 %" (de). The input is already in percent. */
export function formatPercent(n: number, locale: Locale = current): string {
  return new Intl.NumberFormat(tag(locale), {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(n / 100)
}

/** Seconds → "1m 05s" / "2h 03m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`
  return `${sec}s`
}

/** A calendar date ("2026-11-20") in the locale's format, read as a plain date. */
export function formatDate(
  isoDate: string,
  locale: Locale = current,
  options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' },
): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number)
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1))
  return new Intl.DateTimeFormat(tag(locale), { ...options, timeZone: 'UTC' }).format(date)
}

/** A time label from the Stats API ("2026-11-20 14:00:00" or "2026-11-20") for axes and tips. */
export function formatTimeLabel(label: string, interval: string, locale: Locale = current): string {
  if (interval === 'hour' || interval === 'minute') {
    const time = label.slice(11, 16)
    return `${formatDate(label, locale, { day: 'numeric', month: 'short' })} ${time}`
  }
  if (interval === 'month') return formatDate(label, locale, { month: 'short', year: 'numeric' })
  return formatDate(label, locale, { day: 'numeric', month: 'short', year: 'numeric' })
}

/** A short time label for a graph axis: "14:00", "26 Oct" or "Oct 2026". */
export function formatAxisLabel(label: string, interval: string, locale: Locale = current): string {
  if (interval === 'hour' || interval === 'minute') return label.slice(11, 16)
  if (interval === 'month') return formatDate(label, locale, { month: 'short', year: 'numeric' })
  return formatDate(label, locale, { day: 'numeric', month: 'short' })
}
