// Mount point of the privacy settings; the panel itself replaces this export.
import type { SiteRef } from '../site-ref'

/** Panel in a site's settings: retention, export, erasure, privacy texts, what is stored. */
export function PrivacyPanel(_props: { site: SiteRef }) {
  return <section />
}
