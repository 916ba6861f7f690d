-- Annotation queues: a queue's settings (one row per version), its items (one row per version; the id is
-- derived from queue + target, so an object is in a queue at most once) and the append-only event log
-- whose fold is every item's state. See the README (Queues: the claim protocol).
CREATE TABLE IF NOT EXISTS ${db}.annotation_queues ${onCluster} (
    project_id UUID,
    id UUID,
    name String,
    description String COMMENT 'markdown instructions for annotators',
    configs String COMMENT 'JSON array of {configId, required}',
    annotators Array(String),
    reviewers Array(String),
    strategy LowCardinality(String),
    annotators_per_item UInt8,
    reservation_timeout_seconds UInt32,
    review_required Bool,
    status LowCardinality(String) COMMENT 'ACTIVE, PAUSED or ARCHIVED',
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    updated_by String,
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, id)
;
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_items ${onCluster} (
    project_id UUID,
    queue_id UUID,
    id UUID COMMENT 'derived from queue id + target',
    target_type Enum8('TRACE' = 1, 'SPAN' = 2, 'SESSION' = 3, 'DATASET_ITEM' = 4, 'DOCUMENT' = 5),
    trace_id String,
    span_id String,
    session_id String,
    dataset_id String,
    item_id String,
    priority Int32,
    added_at DateTime64(3, 'UTC'),
    added_by String,
    removed UInt8,
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, queue_id, id)
;
-- The event log. Rows that need a compare-and-set are inserted one per INSERT with an
-- insert_deduplication_token (claim:<queue>:<item>:<n>, end:<queue>:<item>:<n>, review:<queue>:<item>:<r>):
-- the deduplication window makes a second INSERT with a used token a silent no-op, so the first one wins.
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_events ${onCluster} (
    project_id UUID,
    queue_id UUID,
    item_id UUID,
    at DateTime64(3, 'UTC'),
    event_id UUID,
    type LowCardinality(String) COMMENT 'ASSIGNED, CLAIMED, RELEASED, SKIPPED, EXPIRED, SUBMITTED, APPROVED, RETURNED',
    annotator String COMMENT 'whose assignment, claim or submission the event is about',
    actor String COMMENT 'the API key name that caused it',
    seq Int32 COMMENT 'the claim number n: of the claim (CLAIMED and its end) or of the returned submission (RETURNED); -1 otherwise',
    review_seq Int32 COMMENT 'APPROVED / RETURNED: the review decision number r; -1 otherwise',
    expires_at Nullable(DateTime64(3, 'UTC')) COMMENT 'CLAIMED: when the reservation ends',
    reason String COMMENT 'skip reason, return comment',
    INDEX idx_at at TYPE minmax GRANULARITY 1
) ENGINE = ${MergeTree}()
ORDER BY (project_id, queue_id, item_id, at, event_id)
SETTINGS non_replicated_deduplication_window = 100000, replicated_deduplication_window = 100000
;
-- Background jobs that add items by span filter, with their progress.
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_jobs ${onCluster} (
    project_id UUID,
    queue_id UUID,
    id UUID,
    status LowCardinality(String) COMMENT 'RUNNING, DONE or FAILED',
    filter String COMMENT 'the span filter as JSON',
    matched UInt64,
    added UInt64,
    already_queued UInt64,
    error String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, queue_id, id)
