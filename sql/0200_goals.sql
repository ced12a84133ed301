-- Goals and funnels of a site (configuration; read with FINAL and deleted = 0).
-- A goal is a pageview goal (page_path with * and ** wildcards) or a custom-event goal
-- (event_name); a custom-event goal with a currency is a revenue goal.
CREATE TABLE IF NOT EXISTS goals
(
    site_id UInt32,
    id String,
    kind LowCardinality(String),
    event_name String DEFAULT '',
    page_path String DEFAULT '',
    display_name String,
    currency LowCardinality(String) DEFAULT '',
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY (site_id, id);

-- A funnel is 2 to 8 goals (by id) that a visit reaches in order.
CREATE TABLE IF NOT EXISTS funnels
(
    site_id UInt32,
    id String,
    name String,
    steps Array(String),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY (site_id, id);
