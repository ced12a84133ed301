-- Configuration tables. Small, rarely written; read with FINAL.
-- A row is replaced by inserting a newer version (updated_at); deleted = 1 removes it.

CREATE TABLE IF NOT EXISTS sites
(
    id UInt32,
    domain String,
    timezone String,
    aliases Array(String) DEFAULT [],
    -- Site settings as JSON, validated by server/sites/settings.ts.
    settings String DEFAULT '{}',
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY id;

CREATE TABLE IF NOT EXISTS users
(
    id String,
    email String,
    name String DEFAULT '',
    password_hash String,
    is_admin UInt8 DEFAULT 0,
    -- Account data that only server/accounts reads (2FA state, preferences), as JSON.
    data String DEFAULT '{}',
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY id;

-- Dashboard login sessions. Only a hash of the session token is stored.
CREATE TABLE IF NOT EXISTS auth_sessions
(
    token_hash String,
    user_id String,
    created_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY token_hash;

-- Instance-wide key/value settings (setup state, instance policies).
CREATE TABLE IF NOT EXISTS instance_settings
(
    key String,
    value String,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY key;

-- Who may see or change a site: role owner, admin or viewer.
CREATE TABLE IF NOT EXISTS site_members
(
    site_id UInt32,
    user_id String,
    role LowCardinality(String),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY (site_id, user_id);
