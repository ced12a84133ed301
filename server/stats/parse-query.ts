import { z } from 'zod'
import { comparisonWindow, localDate, resolveDateRange } from './date-range'
import { isEventDimension, isKnownDimension, isTimeDimension } from './dimensions'
import { directLeaves, parseFilters } from './filters-parse'
import {
  METRICS,
  type Granularity,
  type Metric,
  type Parsed,
  type StatsQuery,
  type TimeWindow,
} from './query'

export const MAX_LIMIT = 10_000

/** The request body's outer shape; the parts that need the site are checked in parseQuery. */
export const queryBodySchema = z
  .object({
    site_id: z.string().min(1).max(253),
    metrics: z.array(z.string().max(100)).min(1).max(20),
    date_range: z.union([z.string().max(40), z.array(z.string().max(40))]),
    dimensions: z.array(z.string().max(400)).max(4).default([]),
    filters: z.array(z.unknown()).max(50).default([]),
    order_by: z
      .array(z.tuple([z.string().max(400), z.enum(['asc', 'desc'])]))
      .max(6)
      .optional(),
    include: z
      .object({
        time_labels: z.boolean().default(false),
        total_rows: z.boolean().default(false),
        imports: z.boolean().optional(),
        comparisons: z
          .object({
            mode: z.enum(['previous_period', 'year_over_year', 'custom']),
            date_range: z.array(z.string().max(40)).length(2).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ time_labels: false, total_rows: false }),
    pagination: z
      .object({
        limit: z.number().int().min(1).max(MAX_LIMIT).default(MAX_LIMIT),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict()
      .default({ limit: MAX_LIMIT, offset: 0 }),
  })
  .strict()
export type QueryBody = z.output<typeof queryBodySchema>

const fail = (field: string, error: string): Parsed<never> => ({ ok: false, field, error })

const EVENT_PAGE_ONLY: Metric[] = ['scroll_depth', 'time_on_page']
// Visits and views per visit have event-level meanings (visits with such a hit); these do not.
const VISIT_ONLY: Metric[] = ['bounce_rate', 'visit_duration']

/**
 * Checks a query body against the site and resolves its dates: unknown names, metrics that
 * do not fit the dimensions, bad dates and orderings are errors naming the field.
 */
export function parseQuery(
  body: QueryBody,
  site: { id: number; timezone: string; createdAt: number },
  now: number,
): Parsed<StatsQuery> {
  const metrics: Metric[] = []
  for (const [i, m] of body.metrics.entries()) {
    if (!(METRICS as readonly string[]).includes(m))
      return fail(`metrics[${i}]`, `metrics[${i}]: unknown metric "${m.slice(0, 40)}"`)
    if (metrics.includes(m as Metric))
      return fail(`metrics[${i}]`, `metrics[${i}]: "${m}" is listed twice`)
    metrics.push(m as Metric)
  }
  const dimensions = body.dimensions
  for (const [i, d] of dimensions.entries()) {
    if (!isKnownDimension(d))
      return fail(`dimensions[${i}]`, `dimensions[${i}]: unknown dimension "${d.slice(0, 60)}"`)
    if (dimensions.indexOf(d) !== i)
      return fail(`dimensions[${i}]`, `dimensions[${i}]: "${d}" is listed twice`)
  }
  if (dimensions.filter(isTimeDimension).length > 1)
    return fail('dimensions', 'dimensions: at most one time dimension')
  const filters = parseFilters(body.filters)
  if (!filters.ok) return filters
  const leaves = directLeaves(filters.value)
  const hasGoal =
    dimensions.includes('event:goal') || leaves.some((l) => l.dimension === 'event:goal')
  const hasPage =
    dimensions.includes('event:page') || leaves.some((l) => l.dimension === 'event:page')
  const eventDims = dimensions.filter(isEventDimension)
  for (const [i, m] of metrics.entries()) {
    const field = `metrics[${i}]`
    if ((m === 'conversion_rate' || m === 'total_revenue' || m === 'average_revenue') && !hasGoal)
      return fail(field, `${field}: ${m} needs an event:goal filter or dimension`)
    if (m === 'group_conversion_rate' && (!hasGoal || dimensions.length === 0))
      return fail(
        field,
        `${field}: group_conversion_rate needs dimensions and an event:goal filter or dimension`,
      )
    if (m === 'percentage' && dimensions.length === 0)
      return fail(field, `${field}: percentage needs at least one dimension`)
    if (EVENT_PAGE_ONLY.includes(m) && !hasPage)
      return fail(field, `${field}: ${m} needs an event:page filter or dimension`)
    const other = eventDims.find((d) => d !== 'event:page' || dimensions.length > 1)
    if (VISIT_ONLY.includes(m) && other !== undefined)
      return fail(field, `${field}: ${m} cannot be combined with the dimension ${other}`)
  }
  const firstDay = localDate(site.createdAt, site.timezone)
  const window = resolveDateRange(body.date_range, site.timezone, now, firstDay)
  if (!window.ok) return window
  let comparison: StatsQuery['comparison']
  const cmp = body.include.comparisons
  if (cmp) {
    if (cmp.mode === 'custom') {
      if (!cmp.date_range)
        return fail(
          'include.comparisons.date_range',
          'include.comparisons.date_range: needed for mode custom',
        )
      const w = resolveDateRange(
        cmp.date_range,
        site.timezone,
        now,
        firstDay,
        'include.comparisons.date_range',
      )
      if (!w.ok) return w
      comparison = { mode: 'custom', window: w.value }
    } else
      comparison = {
        mode: cmp.mode,
        window: comparisonWindow(window.value, cmp.mode, site.timezone),
      }
  }
  const span = spanOf(window.value)
  if (dimensions.includes('time:minute') && span > 2 * 86_400_000)
    return fail('dimensions', 'dimensions: time:minute is for windows of up to two days')
  // Every bucket gets a label (and, by day, a local midnight): a range of decades by the hour
  // would take the server minutes and answer megabytes.
  const timeIndex = dimensions.findIndex(isTimeDimension)
  const time = dimensions[timeIndex]
  const longest = Math.max(spanOf(window.value), comparison ? spanOf(comparison.window) : 0)
  const bucketMs = time && time !== 'time' ? BUCKET_MS[time.slice(5) as Granularity] : undefined
  if (bucketMs !== undefined && longest / bucketMs > MAX_BUCKETS)
    return fail(
      `dimensions[${timeIndex}]`,
      `dimensions[${timeIndex}]: ${time} makes more than ${MAX_BUCKETS} buckets in this range; use a coarser time dimension or a shorter range`,
    )
  if (body.include.time_labels && !dimensions.some(isTimeDimension))
    return fail('include.time_labels', 'include.time_labels: needs a time dimension')
  const orderBy = body.order_by ?? defaultOrder(metrics, dimensions)
  for (const [i, [key]] of orderBy.entries())
    if (!(metrics as string[]).includes(key) && !dimensions.includes(key))
      return fail(
        `order_by[${i}]`,
        `order_by[${i}]: "${key.slice(0, 60)}" is neither a queried metric nor a dimension`,
      )
  return {
    ok: true,
    value: {
      siteId: site.id,
      timezone: site.timezone,
      metrics,
      dimensions,
      filters: filters.value,
      window: window.value,
      orderBy,
      include: { timeLabels: body.include.time_labels, totalRows: body.include.total_rows },
      ...(comparison && { comparison }),
      limit: body.pagination.limit,
      offset: body.pagination.offset,
      timeGranularity: granularityFor(window.value),
    },
  }
}

/** The most buckets a time dimension may make in a window (or its comparison). */
export const MAX_BUCKETS = 10_000
const BUCKET_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 28 * 86_400_000,
}

/** A window's length in milliseconds (whole days as 24 hours). */
function spanOf(window: TimeWindow): number {
  return window.kind === 'dates'
    ? Date.parse(window.to) - Date.parse(window.from) + 86_400_000
    : window.toMs - window.fromMs
}

/** Time series read chronologically; breakdowns biggest first. */
function defaultOrder(metrics: Metric[], dimensions: string[]): Array<[string, 'asc' | 'desc']> {
  const time = dimensions.find(isTimeDimension)
  if (time) return [[time, 'asc']]
  if (dimensions.length === 0) return []
  // The first metric that SQL can sort by here; rates computed after the fact cannot.
  const eventDim = dimensions.some(isEventDimension)
  const first = metrics.find(
    (m) =>
      m !== 'group_conversion_rate' &&
      !(eventDim && (m === 'bounce_rate' || m === 'visit_duration')),
  )
  return first ? [[first, 'desc']] : []
}

/** What the bare "time" dimension means: hours for a day or two, days up to a quarter, else months. */
export function granularityFor(window: TimeWindow): StatsQuery['timeGranularity'] {
  const days =
    window.kind === 'dates'
      ? (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000 + 1
      : (window.toMs - window.fromMs) / 86_400_000
  return days <= 2 ? 'hour' : days <= 100 ? 'day' : 'month'
}
