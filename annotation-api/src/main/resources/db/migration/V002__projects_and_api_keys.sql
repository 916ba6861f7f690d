-- Projects and their API keys. Rows are immutable facts: an edit (a revocation) is a new version of
-- the row, collapsed by ReplacingMergeTree; reads use FINAL.
CREATE TABLE IF NOT EXISTS ${db}.annotation_projects ${onCluster} (
    id UUID,
    name String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    version UInt64,
    is_deleted UInt8
) ENGINE = ${ReplacingMergeTree}(version, is_deleted)
ORDER BY id
;
-- Keys are looked up by the SHA-256 of the secret on every request, hence the sort key.
CREATE TABLE IF NOT EXISTS ${db}.annotation_api_keys ${onCluster} (
    key_hash FixedString(64),
    id UUID,
    project_id UUID,
    name String,
    role Enum8('ADMIN' = 1, 'ANNOTATOR' = 2, 'REVIEWER' = 3, 'VIEWER' = 4),
    key_prefix String,
    can_create_projects Bool,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    revoked_at Nullable(DateTime64(3, 'UTC')),
    revoked_by String,
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY key_hash
