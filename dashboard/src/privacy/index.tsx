import type { SiteRef } from '../site-ref'
import { ChoicesSection } from './choices'
import { EraseSection } from './erase'
import { ExportSection } from './export'
import { RetentionSection } from './retention'
import { StoredSection } from './stored'
import { TextsSection } from './texts'

/** Panel in a site's settings: retention, export, erasure, privacy texts, what is stored. */
export function PrivacyPanel({ site }: { site: SiteRef }) {
  const admin = site.role !== 'viewer'
  return (
    <div class="stack privacy-panel">
      <RetentionSection site={site} />
      <ChoicesSection site={site} />
      <TextsSection site={site} />
      {admin && <ExportSection site={site} />}
      {admin && <EraseSection site={site} />}
      {admin && <StoredSection site={site} />}
    </div>
  )
}
