-- Score configs (rubrics) and scores (judgements). Rows are immutable versions: an edit inserts a new
-- version, a delete a tombstone (is_deleted = 1); ReplacingMergeTree keeps the newest, reads use FINAL.
CREATE TABLE IF NOT EXISTS ${db}.annotation_score_configs ${onCluster} (
    project_id UUID,
    id UUID,
    name String,
    data_type LowCardinality(String),
    widget LowCardinality(String),
    min Nullable(Float64),
    max Nullable(Float64),
    step Nullable(Float64),
    categories String COMMENT 'JSON array of {label, value, displayName, hotkey}',
    multi_select Bool,
    true_label String,
    false_label String,
    max_length Nullable(UInt32),
    direction LowCardinality(String),
    description String,
    archived Bool,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    updated_by String,
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, id)
;
-- The sort key serves reads by project + target; the skip indexes serve reads by name, time, author,
-- config and id. Target, name and timestamp never change between versions of a score.
CREATE TABLE IF NOT EXISTS ${db}.annotation_scores ${onCluster} (
    project_id UUID,
    id UUID,
    target_type Enum8('TRACE' = 1, 'SPAN' = 2, 'SESSION' = 3, 'DATASET_ITEM' = 4, 'DOCUMENT' = 5),
    trace_id String,
    span_id String,
    session_id String,
    dataset_id String,
    item_id String,
    document_position Int32 COMMENT '-1 unless target_type = DOCUMENT',
    name LowCardinality(String),
    data_type Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4),
    value Nullable(Float64),
    string_value String COMMENT 'the label of a single-select or boolean score, the text of a TEXT score',
    labels Array(String) COMMENT 'the labels of a multi-select score',
    comment String,
    metadata Map(LowCardinality(String), String),
    config_id Nullable(UUID),
    queue_id Nullable(UUID),
    source Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4),
    annotator_kind Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3),
    author String,
    created_by String COMMENT 'the API key name that created the score: its owner, who may edit it',
    timestamp DateTime64(3, 'UTC'),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    changed_by String COMMENT 'who wrote this version',
    version UInt64,
    is_deleted UInt8,
    INDEX idx_id id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_name name TYPE set(1000) GRANULARITY 4,
    INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
    INDEX idx_author author TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_config config_id TYPE bloom_filter(0.01) GRANULARITY 4
) ENGINE = ${ReplacingMergeTree}(version, is_deleted)
ORDER BY (project_id, target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position, name, id)
;
-- Every version ever written, never merged away: the audit trail behind GET /api/v1/scores/{id}/history.
CREATE TABLE IF NOT EXISTS ${db}.annotation_score_history ${onCluster} AS ${db}.annotation_scores
ENGINE = ${MergeTree}()
ORDER BY (project_id, id, version)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_score_history_mv ${onCluster}
TO ${db}.annotation_score_history
AS SELECT * FROM ${db}.annotation_scores
;
-- For analysts: the latest live version of every score.
CREATE VIEW IF NOT EXISTS ${db}.annotation_scores_current ${onCluster} AS
SELECT * EXCEPT (version, is_deleted)
FROM ${db}.annotation_scores FINAL
WHERE is_deleted = 0
;
-- For analysts: current scores next to the span they judge (a TRACE score next to the trace's root span).
CREATE VIEW IF NOT EXISTS ${db}.annotation_scores_with_spans ${onCluster} AS
SELECT
    s.*,
    t.ServiceName AS service_name,
    t.SpanName AS span_name,
    t.SpanAttributes['gen_ai.request.model'] AS request_model,
    t.SpanAttributes['gen_ai.response.model'] AS response_model,
    toUInt64OrZero(t.SpanAttributes['gen_ai.usage.input_tokens']) AS input_tokens,
    toUInt64OrZero(t.SpanAttributes['gen_ai.usage.output_tokens']) AS output_tokens,
    toUInt64(t.Duration) AS duration_ns,
    t.Timestamp AS span_start
FROM ${db}.annotation_scores_current AS s
LEFT JOIN (
    -- a root span is reachable both by its span id and by '' (the span id of TRACE scores)
    SELECT TraceId, arrayJoin(if(ParentSpanId = '', [SpanId, ''], [SpanId])) AS join_span_id,
           ServiceName, SpanName, SpanAttributes, Duration, Timestamp
    FROM ${db}.${tracesTable}
) AS t
ON t.TraceId = s.trace_id AND t.join_span_id = s.span_id
