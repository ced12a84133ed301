import { useLocale, useT } from '../i18n'
import type { PanelDef } from '../lib/panels'
import { useSiteView } from '../lib/site-view'
import { linkClick } from '../router'
import { Panel } from './panel'

const dict = {
  en: { open: 'Open CRM segments' },
  de: { open: 'CRM-Segmente öffnen' },
}

/** Visitors by CRM segment (the server keeps every row above the k-anonymity floor). */
export function SegmentsPanel({ def }: { def: PanelDef }) {
  const sv = useSiteView()
  const t = useT(dict)
  useLocale()
  return (
    <div class="panel-wrap">
      <Panel def={def} />
      {!sv.shared && (
        <a
          class="panel-link"
          href={`/sites/${encodeURIComponent(sv.site.domain)}/segments`}
          onClick={linkClick}
        >
          {t('open')} →
        </a>
      )}
    </div>
  )
}
