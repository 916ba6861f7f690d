-- Datasets: training and evaluation data filled from annotated traffic, in immutable versions.
-- A change (add, edit, remove, import, fill) writes its item rows under a fresh change_id, then claims the
-- dataset's next version number by inserting one row into annotation_dataset_versions with the
-- insert_deduplication_token dataset:<id>:version:<n>: a second INSERT with a used token is a silent no-op, so
-- the first change to claim n holds it and the loser claims n+1. Item rows count only through a claimed
-- version: the rows of a change that never claimed one (a failed import) are never read. Version n holds, per
-- item id, its newest row among the changes of versions 1..n, unless that row is a removal (is_deleted = 1).
CREATE TABLE IF NOT EXISTS ${db}.annotation_datasets ${onCluster} (
    project_id UUID,
    id UUID,
    name String,
    description String,
    archived Bool,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    updated_by String,
    version UInt64 COMMENT 'the row version (ReplacingMergeTree), not the dataset version'
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, id)
;
CREATE TABLE IF NOT EXISTS ${db}.annotation_dataset_versions ${onCluster} (
    project_id UUID,
    dataset_id UUID,
    version UInt32 COMMENT 'the dataset version: 1, 2, … in the order changes claimed them',
    change_id UUID COMMENT 'the change whose item rows this version adds',
    description String COMMENT 'what the change did, e.g. "added 12 items from queue …"',
    added UInt32,
    edited UInt32,
    removed UInt32,
    created_at DateTime64(3, 'UTC'),
    created_by String
) ENGINE = ${MergeTree}()
ORDER BY (project_id, dataset_id, version)
SETTINGS non_replicated_deduplication_window = 100000, replicated_deduplication_window = 100000
;
CREATE TABLE IF NOT EXISTS ${db}.annotation_dataset_items ${onCluster} (
    project_id UUID,
    dataset_id UUID,
    item_id UUID COMMENT 'derived from dataset + source span when filled from traffic, so re-adding is a no-op',
    change_id UUID,
    seq UInt32 COMMENT 'the row''s place in its change: the later of two rows for one item wins',
    input String COMMENT 'JSON',
    expected_output String COMMENT 'JSON',
    metadata String COMMENT 'JSON object',
    source_trace_id String,
    source_span_id String,
    source_queue_id Nullable(UUID),
    consensus String COMMENT 'JSON array: the consensus of each score name the expected output came from',
    is_deleted UInt8,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    INDEX idx_change change_id TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = ${MergeTree}()
ORDER BY (project_id, dataset_id, item_id)
;
-- Background fills (from a span filter or a queue), with their progress.
CREATE TABLE IF NOT EXISTS ${db}.annotation_dataset_jobs ${onCluster} (
    project_id UUID,
    dataset_id UUID,
    id UUID,
    status LowCardinality(String) COMMENT 'RUNNING, DONE or FAILED',
    source String COMMENT 'the request''s fromFilter / fromQueue as JSON',
    matched UInt64,
    added UInt64,
    already_present UInt64,
    dataset_version UInt32 COMMENT 'the version the job made, 0 until done',
    error String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, dataset_id, id)
;
-- Export jobs: a long export written to a file under the data directory, with its progress.
CREATE TABLE IF NOT EXISTS ${db}.annotation_export_jobs ${onCluster} (
    project_id UUID,
    id UUID,
    kind LowCardinality(String) COMMENT 'DATASET or SCORES',
    format LowCardinality(String),
    request String COMMENT 'what to export, as JSON',
    state LowCardinality(String) COMMENT 'RUNNING, DONE, FAILED or EXPIRED',
    rows UInt64,
    bytes UInt64,
    error String,
    instance String COMMENT 'the instance whose data directory holds the file',
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, id)
;
