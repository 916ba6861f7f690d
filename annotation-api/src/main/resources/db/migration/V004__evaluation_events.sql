-- Evaluation events (gen_ai.evaluation.result log records) on their way to becoming scores.
--
-- The inbox is filled by a materialized view on otel_logs (created by the service after migrations,
-- because its filter depends on the otel_logs generation it finds). The view stamps each row with the
-- time it was inserted, so the service reads events in arrival order whatever their own timestamps:
-- a Collector that delivers an hour-old event still has it picked up.
CREATE TABLE IF NOT EXISTS ${db}.annotation_evaluation_inbox ${onCluster} (
    received_at DateTime64(6, 'UTC'),
    event_key UInt64 COMMENT 'tie-breaker for rows inserted at the same microsecond',
    Timestamp DateTime64(9),
    TraceId String,
    SpanId String,
    ServiceName LowCardinality(String),
    ResourceAttributes Map(LowCardinality(String), String),
    LogAttributes Map(LowCardinality(String), String)
) ENGINE = ${MergeTree}()
ORDER BY (received_at, event_key)
TTL toDateTime(received_at) + INTERVAL 30 DAY
;
-- How far each reader got through the inbox: newest version of a cursor wins.
CREATE TABLE IF NOT EXISTS ${db}.annotation_ingest_cursors ${onCluster} (
    name String,
    received_at DateTime64(6, 'UTC'),
    event_key UInt64,
    updated_at DateTime64(6, 'UTC')
) ENGINE = ${ReplacingMergeTree}(updated_at)
ORDER BY name
;
-- Evaluation events that did not become scores, and why: nothing is dropped without a trace.
-- Keyed by the event's identity, so the same event refused twice is listed once.
CREATE TABLE IF NOT EXISTS ${db}.annotation_evaluation_rejections ${onCluster} (
    event_id UUID,
    project_id Nullable(UUID),
    rejected_at DateTime64(3, 'UTC'),
    path LowCardinality(String) COMMENT 'RECEIVER (our OTLP endpoint) or COLLECTOR (otel_logs)',
    event_timestamp DateTime64(9),
    trace_id String,
    span_id String,
    service_name String,
    name String COMMENT 'gen_ai.evaluation.name as sent',
    reason String,
    attributes Map(LowCardinality(String), String)
) ENGINE = ${ReplacingMergeTree}(rejected_at)
ORDER BY event_id
;
