import type { Store } from '../store'
import { DAY_ROLLUP_VISIT_DIMENSIONS } from './day-rollup-dimensions'
import { getDaySums, getSealedDays, sameSums, type DaySums } from './day-states'
import { DIMENSIONS } from './dimensions'
import { ParamBag } from './params'

const DAY_MS = 86_400_000
const FINISHED_AFTER_MS = 3_600_000

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

let lastGeneration = 0
/** Increasing across calls and restarts, so ReplacingMergeTree keeps the newest count. */
const nextGeneration = () => (lastGeneration = Math.max(lastGeneration + 1, Date.now() * 1000))

/**
 * Counts every finished day (UTC, ended more than an hour ago) that has no current count:
 * new days, and days changed since they were counted (a visit that went on, late spool data,
 * an erasure). Days whose data is gone lose their count. Returns the days counted.
 */
export async function sealFinishedDays(
  store: Store,
  now: number,
  only?: { siteId: number },
): Promise<number> {
  // A day is finished an hour after it ends: visits started in it have ended by then, or go on
  // and change the day's sums, and it is counted again.
  const before = Math.floor((now - DAY_MS - FINISHED_AFTER_MS) / DAY_MS) * DAY_MS + DAY_MS
  const sums = await getDaySums(store, { before, ...only })
  const sealed = new Map(
    (await getSealedDays(store, { ...only })).map((d) => [`${d.siteId}:${d.dayMs}`, d]),
  )
  let counted = 0
  for (const day of sums) {
    const key = `${day.siteId}:${day.dayMs}`
    const current = sealed.get(key)
    sealed.delete(key)
    if (current && sameSums(current, day)) continue
    if (day.visits === 0 && day.pageviews === 0 && day.events === 0) {
      if (current) await dropDay(store, day.siteId, day.dayMs)
      continue
    }
    await sealDay(store, day)
    counted++
  }
  // Counts of days whose visits are all gone (retention, erasure).
  for (const gone of sealed.values())
    if (gone.dayMs < before) await dropDay(store, gone.siteId, gone.dayMs)
  await purgeSuperseded(store, only)
  return counted
}

/** How long a day's previous count stays after a new one: queries planned on it still read it. */
const SUPERSEDED_KEPT_MS = 10 * 60_000

/** Removes the rows of counts that are no longer current (and were replaced a while ago). */
async function purgeSuperseded(store: Store, only?: { siteId: number }) {
  const current = new Map(
    (await getSealedDays(store, { ...only })).map((d) => [`${d.siteId}:${d.dayMs}`, d]),
  )
  const generations = await store.reader.query<Record<string, string | number>>(
    'getDayRollupGenerations',
    `SELECT DISTINCT site_id, toUnixTimestamp(day) * 1000 AS day_ms, generation FROM day_rollup
     WHERE kind = 0 AND (site_id = {site:UInt32} OR {all:Bool})`,
    { site: only?.siteId ?? 0, all: only === undefined },
  )
  for (const g of generations) {
    const day = current.get(`${Number(g.site_id)}:${Number(g.day_ms)}`)
    if (day?.generation === Number(g.generation)) continue
    // Generations are microseconds of the time they were made.
    if (day && day.generation / 1000 > Date.now() - SUPERSEDED_KEPT_MS) continue
    await store.writer.command(
      `ALTER TABLE day_rollup DELETE WHERE site_id = {site:UInt32}
         AND day = toDateTime(intDiv({day:Int64}, 1000), 'UTC') AND generation = {gen:UInt64}
       SETTINGS mutations_sync = 2`,
      { site: Number(g.site_id), day: Number(g.day_ms), gen: Number(g.generation) },
    )
  }
}

/**
 * Counts one salt day. The sums are read before the rows, so data that lands meanwhile makes
 * them differ from sessions_hourly afterwards and the day is counted again on the next run.
 * The new generation's rows are complete before day_rollup_days points at them.
 */
async function sealDay(store: Store, sums: DaySums) {
  const generation = nextGeneration()
  const base = {
    site: sums.siteId,
    from: sums.dayMs,
    to: sums.dayMs + DAY_MS,
    // A visit that crosses midnight goes on under its first day's hash, until that salt is gone.
    hitsTo: sums.dayMs + 2 * DAY_MS,
    gen: generation,
    // The sort keys' own expressions, so only the day's rows are read.
    day: isoDay(sums.dayMs),
    nextDay: isoDay(sums.dayMs + DAY_MS),
  }
  const visits = visitRowsSql()
  await store.writer.command(visits.sql, { ...base, ...visits.params })
  const hits = hitRowsSql()
  await store.writer.command(hits.sql, { ...base, ...hits.params })
  await store.writer.command(
    `INSERT INTO day_rollup (site_id, dim, day, kind, value, bucket, first_n, last_n, hits, generation)
     SELECT site_id, dim, day, 0, value, day, sum(first_n), 0, sum(hits), generation FROM day_rollup
     WHERE site_id = {site:UInt32} AND day = toDateTime(intDiv({from:Int64}, 1000), 'UTC')
       AND kind = 1 AND generation = {gen:UInt64}
     GROUP BY site_id, dim, day, value, generation`,
    base,
  )
  await store.writer.command(
    `INSERT INTO day_rollup_days
     SELECT {site:UInt32}, toDateTime(intDiv({from:Int64}, 1000), 'UTC'), {gen:UInt64},
       {visits:Int64}, {pageviews:Int64}, {events:Int64}, min(bucket), max(bucket) + 900
     FROM day_rollup
     WHERE site_id = {site:UInt32} AND day = toDateTime(intDiv({from:Int64}, 1000), 'UTC')
       AND kind = 1 AND generation = {gen:UInt64}`,
    { ...base, visits: sums.visits, pageviews: sums.pageviews, events: sums.events },
  )
  // The previous count's rows go later (purgeSuperseded): a query may have planned on them.
}

/** Forgets a day's count; its rows go with the next purge. */
async function dropDay(store: Store, siteId: number, dayMs: number) {
  await store.writer.command(
    `ALTER TABLE day_rollup_days DELETE
     WHERE site_id = {site:UInt32} AND day = toDateTime(intDiv({day:Int64}, 1000), 'UTC')
     SETTINGS mutations_sync = 2`,
    { site: siteId, day: dayMs },
  )
}

// Each (visitor, value) pair gives its first and last bucket; each visit or hit its own bucket.
const BUCKETS = `ARRAY JOIN arrayConcat(
    [(toStartOfFifteenMinutes(f), 1, 0, 0), (toStartOfFifteenMinutes(l), 0, 1, 0)],
    arrayMap(x -> (x, 0, 0, 1), hb)) AS b`
const INSERT = `INSERT INTO day_rollup (site_id, dim, day, kind, value, bucket, first_n, last_n, hits, generation)
  SELECT {site:UInt32}, d, toDateTime(intDiv({from:Int64}, 1000), 'UTC'), 1, v, b.1,
    sum(b.2), sum(b.3), sum(b.4), {gen:UInt64}`

/**
 * The day's visits (collapsed to their last state) by every rolled-up visit dimension, and ''
 * for all visitors. Values are labelled as the engine labels them; unlabelled empties are left
 * out, as breakdowns leave them out.
 */
function visitRowsSql(): { sql: string; params: Record<string, unknown> } {
  const params = new ParamBag()
  const items = [`('', '')`]
  for (const name of DAY_ROLLUP_VISIT_DIMENSIONS) {
    const def = DIMENSIONS[name]
    const column = def?.session
    if (!def || !column) continue
    const value =
      def.emptyLabel === undefined
        ? column
        : `if(${column} = '', ${params.add(def.emptyLabel, 'String')}, ${column})`
    items.push(`(${params.add(name, 'String')}, ${value})`)
  }
  const sql = `${INSERT}
    FROM (
      SELECT dv.1 AS d, dv.2 AS v, visitor_id, min(start) AS f, max(start) AS l,
        groupArray(toDateTime(toStartOfFifteenMinutes(start), 'UTC')) AS hb
      FROM (
        SELECT visitor_id, start, arrayJoin(arrayFilter(x -> x.1 = '' OR x.2 != '', [${items.join(', ')}])) AS dv
        FROM sessions FINAL
        WHERE site_id = {site:UInt32} AND sign > 0 AND toDate(start) = {day:Date}
          AND start >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
          AND start < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      )
      GROUP BY d, v, visitor_id
    )
    ${BUCKETS}
    GROUP BY d, v, b.1`
  return { sql, params: params.values }
}

/**
 * The day's visitors' hits (their visits may cross midnight): every hit names its page
 * (visitors of event:page count any hit on it, pageviews only pageviews); custom events
 * also count under event:name.
 */
function hitRowsSql(): { sql: string; params: Record<string, unknown> } {
  const params = new ParamBag()
  const page = `if(pathname = '', ${params.add(DIMENSIONS['event:page']?.emptyLabel ?? '', 'String')}, pathname)`
  const sql = `${INSERT}
    FROM (
      SELECT dv.1 AS d, dv.2 AS v, visitor_id, min(timestamp) AS f, max(timestamp) AS l,
        groupArrayIf(toDateTime(toStartOfFifteenMinutes(timestamp), 'UTC'), dv.3 = 1) AS hb
      FROM (
        SELECT visitor_id, timestamp, arrayJoin(if(name = 'pageview',
            [('event:page', ${page}, 1)],
            [('event:page', ${page}, 0), ('event:name', name, 1)])) AS dv
        FROM events
        WHERE site_id = {site:UInt32} AND name != 'engagement'
          AND toDate(timestamp) >= {day:Date} AND toDate(timestamp) <= {nextDay:Date}
          AND timestamp >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
          AND timestamp < fromUnixTimestamp64Milli({hitsTo:Int64}, 'UTC')
          AND visitor_id IN (
            SELECT visitor_id FROM sessions WHERE site_id = {site:UInt32} AND toDate(start) = {day:Date}
              AND start >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
              AND start < fromUnixTimestamp64Milli({to:Int64}, 'UTC'))
      )
      GROUP BY d, v, visitor_id
    )
    ${BUCKETS}
    GROUP BY d, v, b.1`
  return { sql, params: params.values }
}
