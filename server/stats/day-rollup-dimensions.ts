/** Visit dimensions that finished days are counted by (server/stats/seal-days.ts). */
export const DAY_ROLLUP_VISIT_DIMENSIONS = [
  'visit:source',
  'visit:channel',
  'visit:utm_source',
  'visit:utm_medium',
  'visit:utm_campaign',
  'visit:device',
  'visit:browser',
  'visit:os',
  'visit:country',
  'visit:region',
  'visit:city',
  'visit:entry_page',
  'visit:exit_page',
] as const

/** The day_rollup `dim` that answers an API dimension, and the metric its `hits` counts. */
export function dayRollupDimension(
  dimension: string,
): { dim: string; hits: 'visits' | 'pageviews' | 'events' } | undefined {
  const name = dimension.replace(/_name$/, '')
  if ((DAY_ROLLUP_VISIT_DIMENSIONS as readonly string[]).includes(name))
    return { dim: name, hits: 'visits' }
  if (dimension === 'event:page') return { dim: 'event:page', hits: 'pageviews' }
  if (dimension === 'event:goal') return { dim: 'event:name', hits: 'events' }
  return undefined
}
