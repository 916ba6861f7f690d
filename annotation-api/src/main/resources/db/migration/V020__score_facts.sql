-- Dashboards read scores by time range; annotation_scores is sorted by target (what the API looks up), so a
-- time range reads all of it (0.5 s for 10 M scores, before FINAL). This copy keeps the columns dashboards
-- need, sorted by time, versioned like the original (ReplacingMergeTree(version, is_deleted); target, name and
-- timestamp never change between versions, so (project_id, timestamp, id) identifies a score). A materialized
-- view copies every new version; the INSERT below copies the versions written before this migration. Both
-- may copy a version twice (rows inserted while the migration runs): the copies collapse, like versions do. On a
-- cluster the INSERT copies the rows of the replica running the migration (replication carries them to the others);
-- with several shards, run it on one replica of each shard.
CREATE TABLE IF NOT EXISTS ${db}.annotation_score_facts ${onCluster} (
    project_id UUID,
    id UUID,
    target_type Enum8('TRACE' = 1, 'SPAN' = 2, 'SESSION' = 3, 'DATASET_ITEM' = 4, 'DOCUMENT' = 5),
    trace_id String,
    span_id String,
    session_id String,
    dataset_id String,
    item_id String,
    document_position Int32,
    name LowCardinality(String),
    data_type Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4),
    value Nullable(Float64),
    string_value String,
    labels Array(String),
    comment String,
    config_id Nullable(UUID),
    queue_id Nullable(UUID),
    source Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4),
    annotator_kind Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3),
    author String,
    timestamp DateTime64(3, 'UTC'),
    version UInt64,
    is_deleted UInt8
) ENGINE = ${ReplacingMergeTree}(version, is_deleted)
PARTITION BY toDate(timestamp)
ORDER BY (project_id, timestamp, id)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_score_facts_mv ${onCluster}
TO ${db}.annotation_score_facts
AS SELECT project_id, id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position,
          name, data_type, value, string_value, labels, comment, config_id, queue_id, source, annotator_kind,
          author, timestamp, version, is_deleted
FROM ${db}.annotation_scores
;
INSERT INTO ${db}.annotation_score_facts
SELECT project_id, id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position,
       name, data_type, value, string_value, labels, comment, config_id, queue_id, source, annotator_kind,
       author, timestamp, version, is_deleted
FROM ${db}.annotation_scores
;
-- For dashboards: the latest live version of every score, like annotation_scores_current, read by time.
CREATE VIEW IF NOT EXISTS ${db}.annotation_scores_by_time ${onCluster} AS
SELECT * EXCEPT (version, is_deleted)
FROM ${db}.annotation_score_facts FINAL
WHERE is_deleted = 0
