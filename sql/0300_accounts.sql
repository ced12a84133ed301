-- Accounts and access: session activity, API keys, one-time links, audit log, scheduled deletions.
-- Activity and key usage live in their own tables so that recording "last seen" never writes
-- a new version of a session or key row (which could bring back one that was just revoked).

CREATE TABLE IF NOT EXISTS auth_session_activity
(
    token_hash String,
    last_seen_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(last_seen_at)
ORDER BY token_hash;

-- A coarse description of the device ("Firefox on Linux") for the list of active sessions;
-- never the User-Agent string itself.
ALTER TABLE auth_sessions ADD COLUMN IF NOT EXISTS label String DEFAULT '';

-- API keys. Only a SHA-256 of the key is stored; `prefix` is the part shown to recognise it.
CREATE TABLE IF NOT EXISTS api_keys
(
    id String,
    user_id String,
    name String,
    prefix String,
    key_hash String,
    scopes Array(LowCardinality(String)),
    site_ids Array(UInt32),
    rate_limit UInt32,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY id;

CREATE TABLE IF NOT EXISTS api_key_usage
(
    key_id String,
    last_used_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(last_used_at)
ORDER BY key_id;

-- One-time links: invitations and password resets. Only a hash of the token is stored.
CREATE TABLE IF NOT EXISTS account_tokens
(
    token_hash String,
    kind LowCardinality(String),
    email String,
    user_id String DEFAULT '',
    -- Invitation payload as JSON: instance admin flag and site roles.
    payload String DEFAULT '{}',
    created_by String,
    created_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at, deleted)
ORDER BY token_hash;

-- Who did what, when. No IP address is stored. The site column is deliberately not named
-- site_id: deleting a site's data must not erase the record of that deletion.
CREATE TABLE IF NOT EXISTS audit_log
(
    id UUID,
    at DateTime64(3, 'UTC'),
    actor_id String,
    actor_email String,
    action LowCardinality(String),
    target_site UInt32 DEFAULT 0,
    target String DEFAULT '',
    details String DEFAULT '{}'
)
ENGINE = MergeTree
ORDER BY (at, id);

-- Deletions scheduled with a grace period (server/deletion). One row version per state.
CREATE TABLE IF NOT EXISTS scheduled_deletions
(
    id String,
    target_site UInt32,
    kind LowCardinality(String),
    range_from DateTime64(3, 'UTC') DEFAULT 0,
    range_to DateTime64(3, 'UTC') DEFAULT 0,
    retention_months UInt16 DEFAULT 0,
    requested_by String,
    requested_at DateTime64(3, 'UTC'),
    due_at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    finished_at DateTime64(3, 'UTC') DEFAULT 0,
    result String DEFAULT '',
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
