-- Finished days: visitor counts that add up across days.
--
-- A visitor hash exists for one UTC day only (the salt of that day), and every visit under a
-- hash starts on that day. So the visitors of two different "salt days" never overlap, and the
-- visitors of a range are exactly the sum over salt days of each day's visitors inside it.
-- Once a salt is gone (48 h) no new hit can carry its hashes and the day is finished; the
-- job in server/stats/seal-days.ts then counts it once per dimension value and stores:
--   kind 0: the day's totals per value (distinct visitors, and visits / pageviews / events);
--   kind 1: the same per 15-minute bucket, as histograms of when each (visitor, value) pair
--           was first and last seen, so a range that cuts the day is still counted exactly.
-- `dim` is a dimension of the Stats API ('' = all visitors); visitors are counted from visit
-- starts for visit dimensions and '' (as the visits table does), from hit times for event:page
-- (pageviews) and event:name (custom events).
CREATE TABLE IF NOT EXISTS day_rollup
(
    site_id UInt32,
    dim LowCardinality(String),
    day DateTime('UTC'),
    kind UInt8,
    value LowCardinality(String),
    bucket DateTime('UTC') CODEC(Delta, ZSTD(1)),
    first_n UInt32,
    last_n UInt32,
    hits UInt32,
    generation UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
-- Totals first: a range reads the whole days' totals of one dimension in one run of rows,
-- and the 15-minute rows only of the (at most two) days its ends cut.
ORDER BY (site_id, kind, dim, day, value, bucket);

-- One row per finished day: which generation of day_rollup rows is current, the day's sums in
-- sessions_hourly when it was counted (a later difference means late or removed data, and the
-- day is answered from the visits and events tables until it is counted again), and the
-- earliest and latest 15-minute bucket it covers.
CREATE TABLE IF NOT EXISTS day_rollup_days
(
    site_id UInt32,
    day DateTime('UTC'),
    generation UInt64,
    visits Int64,
    pageviews Int64,
    events Int64,
    first_bucket DateTime('UTC'),
    end_bucket DateTime('UTC')
)
ENGINE = ReplacingMergeTree(generation)
ORDER BY (site_id, day);
