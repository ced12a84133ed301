/** The dashboard's query set for a 30-day view, as Stats API v2 bodies. */
export function dashboardQueries(
  domain: string,
  range: [string, string],
): Array<[string, Record<string, unknown>]> {
  const q = (body: Record<string, unknown>) => ({ site_id: domain, date_range: range, ...body })
  const top = (dimension: string, metrics = ['visitors']) =>
    q({ metrics, dimensions: [dimension], pagination: { limit: 9 } })
  return [
    [
      'top stats + comparison',
      q({
        metrics: [
          'visitors',
          'visits',
          'pageviews',
          'views_per_visit',
          'bounce_rate',
          'visit_duration',
        ],
        include: { comparisons: { mode: 'previous_period' } },
      }),
    ],
    [
      'time series',
      q({
        metrics: ['visitors', 'pageviews'],
        dimensions: ['time:day'],
        include: { time_labels: true },
      }),
    ],
    ['sources', top('visit:source')],
    ['pages', top('event:page', ['visitors', 'pageviews'])],
    ['entry pages', top('visit:entry_page', ['visitors', 'visits'])],
    ['exit pages', top('visit:exit_page', ['visitors', 'visits'])],
    ['countries', top('visit:country')],
    ['devices', top('visit:device')],
    ['goals', top('event:goal', ['visitors', 'events', 'conversion_rate'])],
  ]
}

/**
 * The same answers the way a schema with only a raw events table computes them: visits are
 * rebuilt from events with GROUP BY session_id on every query. Values are parameters.
 */
export function naiveQueries(): Array<[string, string]> {
  const range = `site_id = {site:UInt32} AND toDate(timestamp, {tz:String}) BETWEEN {from:Date} AND {to:Date}`
  const prevRange = `site_id = {site:UInt32} AND toDate(timestamp, {tz:String}) BETWEEN {pfrom:Date} AND {pto:Date}`
  const visits = (
    where: string,
  ) => `SELECT session_id, any(visitor_id) AS visitor_id, countIf(name = 'pageview') AS pv,
      argMinIf(pathname, timestamp, name = 'pageview') AS entry, argMaxIf(pathname, timestamp, name = 'pageview') AS exit,
      dateDiff('second', min(timestamp), max(timestamp)) AS duration, any(referrer_source) AS source
    FROM events WHERE ${where} GROUP BY session_id`
  const topStats = (where: string) =>
    `SELECT uniqExact(visitor_id), count(), sum(pv), sum(pv) / count(), 100 * countIf(pv = 1) / count(), avg(duration) FROM (${visits(where)})`
  const top = (expr: string) =>
    `SELECT ${expr} AS d, uniqExact(visitor_id) AS v FROM events WHERE ${range} AND name != 'engagement' GROUP BY d ORDER BY v DESC LIMIT 9`
  return [
    [
      'top stats + comparison',
      `SELECT * FROM (${topStats(range)}) AS cur CROSS JOIN (${topStats(prevRange)}) AS prev`,
    ],
    [
      'time series',
      `SELECT toDate(timestamp, {tz:String}) AS d, uniqExact(visitor_id), countIf(name = 'pageview') FROM events WHERE ${range} GROUP BY d ORDER BY d`,
    ],
    ['sources', top('referrer_source')],
    [
      'pages',
      `SELECT pathname AS d, uniqExact(visitor_id) AS v, countIf(name = 'pageview') FROM events WHERE ${range} AND name = 'pageview' GROUP BY d ORDER BY v DESC LIMIT 9`,
    ],
    [
      'entry pages',
      `SELECT entry AS d, uniqExact(visitor_id) AS v, count() FROM (${visits(range)}) GROUP BY d ORDER BY v DESC LIMIT 9`,
    ],
    [
      'exit pages',
      `SELECT exit AS d, uniqExact(visitor_id) AS v, count() FROM (${visits(range)}) GROUP BY d ORDER BY v DESC LIMIT 9`,
    ],
    ['countries', top('country_code')],
    ['devices', top('device')],
    [
      'goals',
      `SELECT name AS d, uniqExact(visitor_id) AS v, count(), v / (SELECT uniqExact(visitor_id) FROM events WHERE ${range}) FROM events WHERE ${range} AND name IN ('Signup', 'Purchase') GROUP BY d ORDER BY v DESC`,
    ],
  ]
}
