import type { Store } from '../store'
import { DAY_ROLLUP_VISIT_DIMENSIONS } from './day-rollup-dimensions'
import { getDayStates, sameSums, type DaySums, type SealedDay } from './day-states'
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
  const states = await getDayStates(store, { before, ...only })
  // The current generation of every counted day, as this run leaves them.
  const current = new Map(
    states.flatMap((s) => (s.sealed ? [[`${s.sums.siteId}:${s.sums.dayMs}`, s.sealed]] : [])),
  )
  let counted = 0
  for (const { sums, sealed } of states) {
    const key = `${sums.siteId}:${sums.dayMs}`
    if (sealed && sameSums(sealed, sums)) continue
    // A day whose data is gone (retention, erasure) loses its count.
    if (sums.visits === 0 && sums.pageviews === 0 && sums.events === 0) {
      if (sealed) await dropDay(store, sums.siteId, sums.dayMs)
      current.delete(key)
      continue
    }
    current.set(key, await sealDay(store, sums))
    counted++
  }
  await purgeSuperseded(store, current, only)
  return counted
}

/** How long a day's previous count stays after a new one: queries planned on it still read it. */
const SUPERSEDED_KEPT_MS = 10 * 60_000

/** Removes the rows of counts that are no longer current (and were replaced a while ago). */
async function purgeSuperseded(
  store: Store,
  current: Map<string, SealedDay>,
  only?: { siteId: number },
) {
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
 * The new generation's rows are complete before its count record names them.
 */
async function sealDay(store: Store, sums: DaySums): Promise<SealedDay> {
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
  const [record] = await store.reader.query<{ first_ms: string; end_ms: string }>(
    'getDayRollupBuckets',
    `SELECT toUnixTimestamp(min(bucket)) * 1000 AS first_ms,
       toUnixTimestamp(max(bucket)) * 1000 + 900000 AS end_ms
     FROM day_rollup
     WHERE site_id = {site:UInt32} AND day = toDateTime(intDiv({from:Int64}, 1000), 'UTC')
       AND kind = 1 AND generation = {gen:UInt64}`,
    base,
  )
  const day: SealedDay = {
    ...sums,
    generation,
    firstMs: Number(record?.first_ms ?? 0),
    endMs: Number(record?.end_ms ?? 0),
  }
  await writeRecord(store, day, true)
  // The previous count's rows go later (purgeSuperseded): a query may have planned on them.
  return day
}

/**
 * Records a day's count in sessions_hourly (at its UTC midnight, with sums of 0): the newest
 * generation's record is the one that holds.
 */
async function writeRecord(store: Store, day: SealedDay, isCounted: boolean) {
  await store.writer.command(
    `INSERT INTO sessions_hourly (site_id, hour, counted)
     SELECT {site:UInt32}, toDateTime(intDiv({day:Int64}, 1000), 'UTC'),
       CAST(({gen:UInt64}, {isCounted:UInt8}, {visits:Int64}, {pageviews:Int64}, {events:Int64},
         toDateTime(intDiv({firstMs:Int64}, 1000), 'UTC'), toDateTime(intDiv({endMs:Int64}, 1000), 'UTC'))
         AS Tuple(UInt64, UInt8, Int64, Int64, Int64, DateTime('UTC'), DateTime('UTC')))`,
    {
      site: day.siteId,
      day: day.dayMs,
      gen: day.generation,
      isCounted: isCounted ? 1 : 0,
      visits: day.visits,
      pageviews: day.pageviews,
      events: day.events,
      firstMs: day.firstMs,
      endMs: day.endMs,
    },
  )
}

/** Forgets a day's count (a newer record that says so); its rows go with the next purge. */
async function dropDay(store: Store, siteId: number, dayMs: number) {
  const none = { visits: 0, pageviews: 0, events: 0, firstMs: 0, endMs: 0 }
  await writeRecord(store, { siteId, dayMs, generation: nextGeneration(), ...none }, false)
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
