-- Hourly rollup of visits per site, filled by a materialized view from every insert into
-- sessions (both the +1 and the -1 states, so the sign-weighted sums stay exact). It answers
-- unfiltered top stats and time series for every zone whose offset is a whole number of
-- hours. Visitors are an exact set (uniqExact state): merging hours is a set union.
CREATE TABLE IF NOT EXISTS sessions_hourly
(
    site_id UInt32,
    hour DateTime('UTC'),
    visits SimpleAggregateFunction(sum, Int64),
    pageviews SimpleAggregateFunction(sum, Int64),
    events SimpleAggregateFunction(sum, Int64),
    bounces SimpleAggregateFunction(sum, Int64),
    duration SimpleAggregateFunction(sum, Int64),
    visitors AggregateFunction(uniqExact, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (site_id, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_hourly_mv TO sessions_hourly AS
SELECT
    site_id,
    toStartOfHour(start) AS hour,
    sum(toInt64(sign)) AS visits,
    sum(sign * toInt64(pageviews)) AS pageviews,
    sum(sign * toInt64(events)) AS events,
    sum(sign * toInt64(is_bounce)) AS bounces,
    sum(sign * toInt64(duration)) AS duration,
    -- A visit's start and visitor never change, so its live states name the same visitor.
    uniqExactStateIf(visitor_id, sign > 0) AS visitors
FROM sessions
GROUP BY site_id, hour;

-- Visits stored before this rollup existed (start-up runs migrations before any insert).
INSERT INTO sessions_hourly
SELECT site_id, toStartOfHour(start) AS hour, sum(toInt64(sign)), sum(sign * toInt64(pageviews)),
    sum(sign * toInt64(events)), sum(sign * toInt64(is_bounce)), sum(sign * toInt64(duration)),
    uniqExactStateIf(visitor_id, sign > 0)
FROM sessions
WHERE (SELECT count() FROM sessions_hourly) = 0
GROUP BY site_id, hour;
