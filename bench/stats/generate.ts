import type { Store } from '../../server/store'

/** The shape of a generated data set. */
export interface Shape {
  siteId: number
  /** Approximate number of events (pageviews, engagement reports and goal events). */
  events: number
  days: number
  /** Last day of data (UTC midnight after it ends the data). */
  endMs: number
  pages: number
}

// ~5.2 events per visit: 2.5 pageviews, one engagement report each, 0.2 goal events.
const EVENTS_PER_VISIT = 5.2
const SOURCES = [
  '',
  '',
  '',
  'Google',
  'Google',
  'Google',
  'Bing',
  'DuckDuckGo',
  'Facebook',
  'Twitter',
  'LinkedIn',
  'Reddit',
  'Hacker News',
  'Newsletter',
  'GitHub',
  'Ecosia',
  'Instagram',
  'YouTube',
  'Wikipedia',
  'Qwant',
]
const COUNTRIES = [
  'DE',
  'DE',
  'DE',
  'AT',
  'CH',
  'FR',
  'NL',
  'US',
  'GB',
  'IT',
  'ES',
  'PL',
  'SE',
  'DK',
  'BE',
  'CZ',
  'PT',
  'FI',
  'NO',
  'IE',
  'HU',
  'RO',
  'GR',
  'CA',
  'IN',
  'BR',
  'JP',
  'AU',
]
const DEVICES = ['Desktop', 'Desktop', 'Mobile', 'Mobile', 'Mobile', 'Tablet']
const BROWSERS = [
  'Chrome',
  'Chrome',
  'Chrome',
  'Safari',
  'Safari',
  'Firefox',
  'Edge',
  'Samsung Internet',
  'Opera',
]
const OSES = ['Windows', 'Windows', 'Android', 'Android', 'iOS', 'iOS', 'Mac', 'GNU/Linux']

const list = (values: string[]) => `[${values.map((v) => `'${v}'`).join(', ')}]`
const pick = (values: string[], seed: string) => `${list(values)}[1 + ${seed} % ${values.length}]`

/**
 * Fills sessions and events inside ClickHouse with INSERT … SELECT from numbers(): on two
 * shared cores this is the only way to write 100 M rows in minutes. Pages follow a power law
 * (a few pages take most views), visits come from ~0.6 × visits distinct visitor ids a day.
 */
export async function generate(store: Store, shape: Shape, log: (m: string) => void) {
  const visits = Math.round(shape.events / EVENTS_PER_VISIT)
  const visitorsPerDay = Math.max(1, Math.round((visits / shape.days) * 0.6))
  const startSec = Math.floor(shape.endMs / 1000) - shape.days * 86_400
  const page = (seed: string) =>
    `concat('/p/', toString(toUInt32(pow((${seed} % 1000003) / 1000003, 3) * ${shape.pages})))`
  const chunk = 2_000_000
  for (let offset = 0; offset < visits; offset += chunk) {
    const n = Math.min(chunk, visits - offset)
    await store.writer.command(`INSERT INTO sessions
      SELECT site_id, session_id, visitor_id, 1 AS sign, 1 AS version, start,
        start + toIntervalSecond(duration) AS timestamp, 'example.com' AS hostname,
        ${page('h1')} AS entry_page, if(pageviews = 1, ${page('h1')}, ${page('h2')}) AS exit_page,
        pageviews, pageviews + goals AS events, duration, pageviews = 1 AS is_bounce,
        if(source = '', '', concat('https://', lower(replaceAll(source, ' ', '')), '.com/')) AS referrer,
        source AS referrer_source, if(source = '', 'Direct', 'Organic Search') AS channel,
        if(h3 % 10 = 0, 'newsletter', '') AS utm_source, if(h3 % 10 = 0, 'email', '') AS utm_medium,
        if(h3 % 10 = 0, concat('issue-', toString(h3 % 12)), '') AS utm_campaign, '' AS utm_content, '' AS utm_term,
        '' AS click_id_param, ${pick(COUNTRIES, 'h4')} AS country_code, '' AS region, '' AS city,
        ${pick(BROWSERS, 'h5')} AS browser, '120' AS browser_version, ${pick(OSES, 'h5 % 97')} AS os, '' AS os_version,
        ${pick(DEVICES, 'h6')} AS device, '' AS segment
      FROM (
        SELECT ${shape.siteId} AS site_id, number AS session_id,
          cityHash64(number, 1) AS h1, cityHash64(number, 2) AS h2, cityHash64(number, 3) AS h3,
          cityHash64(number, 4) AS h4, cityHash64(number, 5) AS h5, cityHash64(number, 6) AS h6,
          intDiv(number % ${shape.days * 1000}, 1000) AS day,
          toDateTime64(${startSec} + day * 86400 + (h2 % 86400), 3, 'UTC') AS start,
          cityHash64(h3 % ${visitorsPerDay}, day) AS visitor_id,
          toUInt32(1 + if(h4 % 100 < 45, 0, 1 + h4 % 5)) AS pageviews,
          toUInt32(if(h5 % 100 < 3, 1, 0) + if(h5 % 100 < 1, 1, 0)) AS goals,
          toUInt32(if(pageviews = 1, 0, 10 + h6 % 900)) AS duration,
          ${pick(SOURCES, 'h1 % 1009')} AS source
        FROM numbers(${offset}, ${n}))`)
    log(`  visits ${offset + n} / ${visits}`)
  }
  // One pageview and one engagement report per page of a visit, then its goal events.
  for (let offset = 0; offset < visits; offset += chunk) {
    await store.writer.command(`INSERT INTO events
      SELECT site_id, start + toIntervalSecond(intDiv(duration * i, pageviews) + if(kind = 'engagement', 5, 0)) AS timestamp,
        if(kind = 'goal', if(i % 2 = 0, 'Signup', 'Purchase'), kind) AS name,
        visitor_id, session_id, hostname,
        if(i = 0, entry_page, if(i = pageviews - 1, exit_page, ${page('cityHash64(session_id, i)')})) AS pathname,
        referrer, referrer_source, channel, utm_source, utm_medium, utm_campaign, utm_content, utm_term,
        click_id_param, country_code, region, city, browser, browser_version, os, os_version, device,
        if(kind = 'goal', map('plan', if(session_id % 3 = 0, 'pro', 'basic')), map()) AS props,
        if(kind = 'goal' AND i % 2 = 1, toDecimal64(19.9 + session_id % 50, 3), toDecimal64(0, 3)) AS revenue_amount,
        if(kind = 'goal' AND i % 2 = 1, 'EUR', '') AS revenue_currency, 1 AS interactive,
        if(kind = 'engagement', toUInt32(2000 + cityHash64(session_id, i) % 90000), 0) AS engagement_ms,
        if(kind = 'engagement', toUInt8(cityHash64(session_id, i, 1) % 101), 0) AS scroll_depth, segment
      FROM (
        SELECT *, arrayJoin(arrayConcat(
            arrayMap(x -> (x, 'pageview'), range(pageviews)),
            arrayMap(x -> (x, 'engagement'), range(pageviews)),
            arrayMap(x -> (x, 'goal'), range(events - pageviews)))) AS item,
          item.1 AS i, item.2 AS kind
        FROM sessions WHERE site_id = ${shape.siteId}
          AND session_id >= ${offset} AND session_id < ${offset + chunk})`)
    log(`  events for visits ${Math.min(offset + chunk, visits)} / ${visits}`)
  }
}
