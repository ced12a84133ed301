-- CRM segments (server/segments). Only segment definitions and aggregates are kept here:
-- no customer row, e-mail, name, phone or customer id ever reaches these tables.

-- One row per segment of a site: A/B/C by revenue, interest clusters, rule segments.
CREATE TABLE IF NOT EXISTS segments
(
    site_id UInt32,
    id String,
    name String,
    kind LowCardinality(String),
    -- JSON: the rule of a rule segment, the tag of a cluster; '{}' for A/B/C.
    definition String DEFAULT '{}',
    -- Campaign token: random, stands for the segment, rotatable.
    token String,
    members UInt32 DEFAULT 0,
    revenue_cents Int64 DEFAULT 0,
    position UInt16 DEFAULT 0,
    imported_at DateTime64(3, 'UTC'),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY (site_id, id);

-- Per-site import preferences: remembered column mapping, ABC thresholds, options (JSON).
CREATE TABLE IF NOT EXISTS segment_settings
(
    site_id UInt32,
    settings String DEFAULT '{}',
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY site_id;

-- One row per import: counts only (rows read, bad rows, merged duplicates, customers, revenue).
CREATE TABLE IF NOT EXISTS segment_imports
(
    site_id UInt32,
    id String,
    imported_at DateTime64(3, 'UTC'),
    rows UInt32,
    bad_rows UInt32,
    merged UInt32,
    customers UInt32,
    revenue_cents Int64,
    -- JSON: thresholds used, and with the opt-in key, customers new/returning/gone/moved.
    summary String DEFAULT '{}'
)
ENGINE = MergeTree
ORDER BY (site_id, imported_at);

-- Only with the explicit opt-in: a keyed hash (HMAC-SHA-256 with the instance secret) of each
-- customer's key and the A/B/C class it had, so a re-import can tell who moved. No clear text.
CREATE TABLE IF NOT EXISTS segment_customer_keys
(
    site_id UInt32,
    key_hash String,
    abc LowCardinality(String),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY (site_id, key_hash);
