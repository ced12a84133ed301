-- Each finished day's count is recorded next to the day's hourly sums, so one read of
-- sessions_hourly gives a query both what a day holds now and what was counted of it.
--
-- `counted` is (generation, is counted, visits, pageviews, events, first 15-minute bucket,
-- end of the last one), written by server/stats/seal-days.ts as a row at the day's UTC
-- midnight whose sums are 0. The newest record wins (tuples compare by their first element):
-- a re-count writes a newer one, and a day whose data is gone gets a newer record that says
-- "not counted". Rows from the materialized view carry the zero tuple, the oldest of all.
ALTER TABLE sessions_hourly ADD COLUMN IF NOT EXISTS counted
    SimpleAggregateFunction(max, Tuple(UInt64, UInt8, Int64, Int64, Int64, DateTime('UTC'), DateTime('UTC')));

-- The records lived in a table of their own; its days are counted again by the next run of
-- the job (until then, queries read them from the visits and events tables).
DROP TABLE IF EXISTS day_rollup_days;
TRUNCATE TABLE IF EXISTS day_rollup;
