// Mount point of the CRM segments screen; the screen itself replaces this export.
import type { SiteRef } from '../site-ref'

/** Route /sites/:domain/segments: import, ABC analysis, campaign links, segment reports. */
export function SegmentsScreen(_props: { site: SiteRef }) {
  return <section />
}
