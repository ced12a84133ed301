import type { Config } from '../config'

/** The script tag a site owner pastes into every page's <head>. */
export function buildSnippet(config: Config, origin: string, domain: string): string {
  const base = config.BASE_URL ?? origin
  return `<script defer data-domain="${domain}" src="${base}${config.TRACKER_PATH}"></script>`
}
