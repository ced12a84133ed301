import type { Config } from '../config'

/** TRACKER_PATH's default (server/config.ts); it answers 404 once the path is renamed. */
export const DEFAULT_TRACKER_PATH = '/js/script.js'

/** Query parameter of the script URL naming the site whose tracker features apply. */
export const SITE_QUERY_PARAM = 'd'

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * The script URL for a site: the configured TRACKER_PATH on BASE_URL (or `origin`, the
 * dashboard's own origin, when BASE_URL is unset) with the site's domain as `?d=`, so the
 * server ships exactly the features the site enabled and a settings change needs no new
 * snippet.
 */
export function trackerSrcFor(config: Config, site: { domain: string }, origin: string): string {
  const base = config.BASE_URL ?? origin.replace(/\/+$/, '')
  return `${base}${config.TRACKER_PATH}?${SITE_QUERY_PARAM}=${encodeURIComponent(site.domain)}`
}

/** The script tag a site owner pastes into every page's <head>. */
export function trackerSnippetFor(
  config: Config,
  site: { domain: string },
  origin: string,
): string {
  const src = trackerSrcFor(config, site, origin)
  return `<script defer data-domain="${escapeAttr(site.domain)}" src="${escapeAttr(src)}"></script>`
}

/**
 * The one-line queue stub for custom events called before the script has loaded, with the
 * configured function name (TRACKER_FUNCTION).
 */
export function trackerStubFor(config: Config): string {
  const f = config.TRACKER_FUNCTION
  return `<script>window.${f}=window.${f}||function(){(window.${f}.q=window.${f}.q||[]).push(arguments)}</script>`
}
