-- Raw events: one row per pageview, custom event or engagement report.
-- No IP address and no User-Agent string is ever stored; visitor_id is a keyed hash
-- with a daily salt (see server/collect/identify.ts).

CREATE TABLE IF NOT EXISTS events
(
    site_id UInt32,
    timestamp DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    name LowCardinality(String),
    visitor_id UInt64,
    session_id UInt64,
    hostname LowCardinality(String),
    pathname String CODEC(ZSTD(1)),
    referrer String CODEC(ZSTD(1)),
    referrer_source LowCardinality(String),
    channel LowCardinality(String),
    utm_source LowCardinality(String),
    utm_medium LowCardinality(String),
    utm_campaign LowCardinality(String),
    utm_content LowCardinality(String),
    utm_term LowCardinality(String),
    click_id_param LowCardinality(String),
    country_code LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    browser LowCardinality(String),
    browser_version LowCardinality(String),
    os LowCardinality(String),
    os_version LowCardinality(String),
    device LowCardinality(String),
    props Map(LowCardinality(String), String),
    revenue_amount Decimal64(3) DEFAULT 0,
    revenue_currency LowCardinality(String) DEFAULT '',
    interactive UInt8 DEFAULT 1,
    engagement_ms UInt32 DEFAULT 0,
    scroll_depth UInt8 DEFAULT 0,
    segment LowCardinality(String) DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (site_id, toDate(timestamp), name, visitor_id, timestamp)
SETTINGS non_replicated_deduplication_window = 10000;

-- Visits. The collector writes a new state of a visit on every hit: the previous state with
-- sign -1 and the new one with sign +1 (VersionedCollapsingMergeTree), so the stats side
-- reads visits without re-sessionising raw events. Aggregate with sum(sign * x).
CREATE TABLE IF NOT EXISTS sessions
(
    site_id UInt32,
    session_id UInt64,
    visitor_id UInt64,
    sign Int8,
    version UInt64,
    start DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    timestamp DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    hostname LowCardinality(String),
    entry_page String CODEC(ZSTD(1)),
    exit_page String CODEC(ZSTD(1)),
    pageviews UInt32,
    events UInt32,
    duration UInt32,
    is_bounce UInt8,
    referrer String CODEC(ZSTD(1)),
    referrer_source LowCardinality(String),
    channel LowCardinality(String),
    utm_source LowCardinality(String),
    utm_medium LowCardinality(String),
    utm_campaign LowCardinality(String),
    utm_content LowCardinality(String),
    utm_term LowCardinality(String),
    click_id_param LowCardinality(String),
    country_code LowCardinality(String),
    region LowCardinality(String),
    city LowCardinality(String),
    browser LowCardinality(String),
    browser_version LowCardinality(String),
    os LowCardinality(String),
    os_version LowCardinality(String),
    device LowCardinality(String),
    segment LowCardinality(String) DEFAULT ''
)
ENGINE = VersionedCollapsingMergeTree(sign, version)
PARTITION BY toYYYYMM(start)
ORDER BY (site_id, toDate(start), session_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Daily salts for the visitor hash. Shared by every collector; older than 48 h is deleted.
CREATE TABLE IF NOT EXISTS salts
(
    day Date,
    salt String,
    created_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY day;
