import type { Site } from '../sites/sites'

/** The segment label stored when a sent value is not a defined segment of the site. */
export const UNKNOWN_SEGMENT = '(unknown)'

/**
 * Turns the segment value a hit carries (campaign token or data-segment name) into the label
 * stored on the visit: '' when segment linking is off or nothing was sent. A value never
 * creates a segment.
 */
export function resolveSegment(site: Site, value: string | undefined): Promise<string> {
  if (!site.settings.segmentsEnabled || !value) return Promise.resolve('')
  return Promise.resolve(UNKNOWN_SEGMENT)
}
