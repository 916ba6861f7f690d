-- Scores next to the span they judge, per hour: what the quality-by-model / service / span-name panels and the
-- feedback panels read. Joining scores to spans at query time cost 1.3–2.5 s for a 24 h range of 10 M scores
-- and 10 M spans (a hash join of ~1.3 M × ~1.1 M rows), even from the slim tables; this rollup answers in
-- milliseconds. It cannot be filled as rows arrive: a score may come before its span (feedback racing the span
-- export) or days after it (a review queue), and scores are edited and deleted. So a refreshable materialized
-- view recomputes the last 48 hours every 5 minutes (dashboards lag by at most that), appending rows stamped
-- with the refresh time; the view annotation_score_rollup keeps, per hour, the rows of the latest refresh that
-- covered it (a marker row per hour makes that known even for hours without scores), and ReplacingMergeTree
-- merges away superseded rows. Hours older than 48 hours keep the figures of their last refresh: an edit or
-- delete of a score more than two days old reaches the rollup only through a rebuild (the INSERT below, run again).
-- The join is the one annotation_scores_with_spans makes: a SPAN or DOCUMENT score next to its span, a TRACE score
-- next to the trace's root span; SESSION and DATASET_ITEM scores, and scores whose span is not stored, have empty
-- service, span name and model. Labels are kept for single-label scores (CATEGORICAL, BOOLEAN); a multi-select
-- score counts once with an empty label. On a cluster every replica refreshes on its own.
CREATE TABLE IF NOT EXISTS ${db}.annotation_score_rollup_hourly ${onCluster} (
    hour DateTime('UTC'),
    refreshed_at DateTime('UTC'),
    project_id UUID,
    name LowCardinality(String),
    data_type Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4),
    source Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4),
    annotator_kind Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3),
    service_name LowCardinality(String),
    span_name LowCardinality(String),
    request_model LowCardinality(String),
    label String COMMENT 'the label of a CATEGORICAL or BOOLEAN score, else empty',
    scores UInt64,
    valued UInt64 COMMENT 'scores with a value',
    value_sum Float64,
    value_square_sum Float64
) ENGINE = ${ReplacingMergeTree}(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, project_id, name, data_type, source, annotator_kind, service_name, span_name, request_model, label)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_score_rollup_hourly_mv ${onCluster}
REFRESH EVERY 5 MINUTE APPEND TO ${db}.annotation_score_rollup_hourly
AS SELECT
    toStartOfHour(s.timestamp) AS hour,
    now() AS refreshed_at,
    s.project_id AS project_id,
    s.name AS name,
    s.data_type AS data_type,
    s.source AS source,
    s.annotator_kind AS annotator_kind,
    t.ServiceName AS service_name,
    t.SpanName AS span_name,
    t.request_model AS request_model,
    if(s.data_type IN ('CATEGORICAL', 'BOOLEAN'), s.string_value, '') AS label,
    count() AS scores,
    count(s.value) AS valued,
    sum(coalesce(s.value, 0)) AS value_sum,
    sum(coalesce(s.value, 0) * coalesce(s.value, 0)) AS value_square_sum
FROM (
    SELECT project_id, timestamp, name, data_type, source, annotator_kind, trace_id, span_id, value, string_value
    FROM ${db}.annotation_scores_by_time
    WHERE timestamp >= toStartOfHour(now()) - INTERVAL 47 HOUR
) AS s
ANY LEFT JOIN (
    -- a root span is reachable both by its span id and by '' (the span id of TRACE scores)
    SELECT TraceId, arrayJoin(if(ParentSpanId = '', [SpanId, ''], [SpanId])) AS join_span_id,
           ServiceName, SpanName, request_model
    FROM ${db}.annotation_span_dims
    WHERE TraceId IN (SELECT trace_id FROM ${db}.annotation_scores_by_time WHERE timestamp >= toStartOfHour(now()) - INTERVAL 47 HOUR AND trace_id != '')
) AS t ON t.TraceId = s.trace_id AND t.join_span_id = s.span_id
GROUP BY hour, project_id, name, data_type, source, annotator_kind, service_name, span_name, request_model, label
UNION ALL
-- one empty row per hour covered, so that the latest refresh of every hour is known even where it found no scores
SELECT arrayJoin(arrayMap(i -> toStartOfHour(now()) - INTERVAL 47 HOUR + toIntervalHour(i), range(48))) AS hour, now() AS refreshed_at,
       toUUID('00000000-0000-0000-0000-000000000000') AS project_id, '' AS name,
       CAST('NUMERIC' AS Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4)) AS data_type,
       CAST('API' AS Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4)) AS source,
       CAST('HUMAN' AS Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3)) AS annotator_kind,
       '' AS service_name, '' AS span_name, '' AS request_model, '' AS label,
       toUInt64(0) AS scores, toUInt64(0) AS valued, toFloat64(0) AS value_sum, toFloat64(0) AS value_square_sum
;
-- The hours before the refreshed window, computed once (one hour of overlap with the first refresh).
INSERT INTO ${db}.annotation_score_rollup_hourly
SELECT
    toStartOfHour(s.timestamp) AS hour,
    now() AS refreshed_at,
    s.project_id AS project_id,
    s.name AS name,
    s.data_type AS data_type,
    s.source AS source,
    s.annotator_kind AS annotator_kind,
    t.ServiceName AS service_name,
    t.SpanName AS span_name,
    t.request_model AS request_model,
    if(s.data_type IN ('CATEGORICAL', 'BOOLEAN'), s.string_value, '') AS label,
    count() AS scores,
    count(s.value) AS valued,
    sum(coalesce(s.value, 0)) AS value_sum,
    sum(coalesce(s.value, 0) * coalesce(s.value, 0)) AS value_square_sum
FROM (
    SELECT project_id, timestamp, name, data_type, source, annotator_kind, trace_id, span_id, value, string_value
    FROM ${db}.annotation_scores_by_time
    WHERE timestamp < toStartOfHour(now()) - INTERVAL 46 HOUR
) AS s
ANY LEFT JOIN (
    -- a root span is reachable both by its span id and by '' (the span id of TRACE scores)
    SELECT TraceId, arrayJoin(if(ParentSpanId = '', [SpanId, ''], [SpanId])) AS join_span_id,
           ServiceName, SpanName, request_model
    FROM ${db}.annotation_span_dims
    WHERE TraceId IN (SELECT trace_id FROM ${db}.annotation_scores_by_time WHERE timestamp < toStartOfHour(now()) - INTERVAL 46 HOUR AND trace_id != '')
) AS t ON t.TraceId = s.trace_id AND t.join_span_id = s.span_id
GROUP BY hour, project_id, name, data_type, source, annotator_kind, service_name, span_name, request_model, label
UNION ALL
-- one empty row per hour covered, so that the latest refresh of every hour is known even where it found no scores
SELECT arrayJoin(arrayMap(i -> (SELECT if(count() = 0, toStartOfHour(now()), toStartOfHour(min(timestamp))) FROM ${db}.annotation_score_facts) + toIntervalHour(i), range(toUInt32(greatest(0, dateDiff('hour', (SELECT if(count() = 0, toStartOfHour(now()), toStartOfHour(min(timestamp))) FROM ${db}.annotation_score_facts), toStartOfHour(now()) - INTERVAL 46 HOUR)))))) AS hour, now() AS refreshed_at,
       toUUID('00000000-0000-0000-0000-000000000000') AS project_id, '' AS name,
       CAST('NUMERIC' AS Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4)) AS data_type,
       CAST('API' AS Enum8('ANNOTATION' = 1, 'API' = 2, 'EVAL' = 3, 'FEEDBACK' = 4)) AS source,
       CAST('HUMAN' AS Enum8('HUMAN' = 1, 'LLM' = 2, 'CODE' = 3)) AS annotator_kind,
       '' AS service_name, '' AS span_name, '' AS request_model, '' AS label,
       toUInt64(0) AS scores, toUInt64(0) AS valued, toFloat64(0) AS value_sum, toFloat64(0) AS value_square_sum
;
-- For dashboards: per hour, the figures of the latest refresh that covered the hour.
CREATE VIEW IF NOT EXISTS ${db}.annotation_score_rollup ${onCluster} AS
SELECT * EXCEPT (refreshed_at)
FROM ${db}.annotation_score_rollup_hourly
WHERE (hour, refreshed_at) IN (SELECT hour, max(refreshed_at) FROM ${db}.annotation_score_rollup_hourly GROUP BY hour)
  AND scores > 0
