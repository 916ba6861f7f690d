-- Per hour, score name and trace: the trace's scores scaled to 0..1 by their config, with the trace's root span and
-- the services and models of its spans, what the "Worst-scored traces" panel ranks. Grouping the range's live
-- scores per trace at query time (FINAL over ~1.4 M rows for 24 h of 10 M scores, the config join, then the trace
-- filters and the root span from annotation_span_dims) cost 1.8-2.0 s All and 2-3 s with a service and a model on
-- the benchmark machine. Like V022 (and for the same reasons: a score may come before its spans or days after them,
-- and scores are edited) a refreshable materialized view recomputes the last 48 hours every 5 minutes, appending rows
-- stamped with the refresh time; a read keeps, per hour, the rows of the latest refresh that covered it (a marker row
-- per hour, scores = 0, makes that known even for hours without scores) and ReplacingMergeTree merges away superseded
-- rows. There is no backfill: the first refresh (when the view is created) fills the last 48 hours and older hours
-- stay empty, because computing them in the migration took longer than the client's socket timeout on the benchmark
-- machine (7 M scores: 23 s of CPU to compute, about twice that to insert, over 300 s at its load); an edit of a
-- score more than two days old does not reach the table. The scaling is the panel's: NUMERIC by the config's min..max, CATEGORICAL by its
-- lowest..highest category value, else the value itself; MINIMIZE configs flipped. The spans counted are the trace's
-- spans started at most a day before the window (a score on a trace whose spans are not stored has empty service,
-- root span and lists). Trace and span sides meet on cityHash64(trace id), a cheaper key. On a cluster every
-- replica refreshes on its own.
CREATE TABLE IF NOT EXISTS ${db}.annotation_trace_quality_hourly ${onCluster} (
    hour DateTime('UTC'),
    refreshed_at DateTime('UTC'),
    project_id UUID,
    name LowCardinality(String),
    trace_hash UInt64 COMMENT 'cityHash64(trace_id): a cheaper key to group by',
    trace_id String,
    scores UInt64 COMMENT 'live scores with a value (not TEXT) on the trace, of this name, in this hour',
    quality_sum Float64 COMMENT 'their values scaled to 0..1, summed',
    last_scored DateTime64(3, 'UTC'),
    root_service LowCardinality(String) COMMENT 'service of the trace root span',
    root_span LowCardinality(String) COMMENT 'name of the trace root span',
    services Array(LowCardinality(String)) COMMENT 'services of the trace spans',
    models Array(LowCardinality(String)) COMMENT 'gen_ai.request.model of the trace spans, without empty'
) ENGINE = ${ReplacingMergeTree}(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, project_id, name, trace_hash)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_trace_quality_hourly_mv ${onCluster}
REFRESH EVERY 5 MINUTE APPEND TO ${db}.annotation_trace_quality_hourly
AS SELECT
    s.hour AS hour,
    now() AS refreshed_at,
    s.project_id AS project_id,
    s.name AS name,
    s.trace_hash AS trace_hash,
    s.trace_id AS trace_id,
    s.scores AS scores,
    s.quality_sum AS quality_sum,
    s.last_scored AS last_scored,
    t.root_service AS root_service,
    t.root_span AS root_span,
    t.services AS services,
    t.models AS models
FROM (
    SELECT hour, project_id, name, trace_hash, any(trace_id) AS trace_id, count() AS scores, sum(quality) AS quality_sum,
           max(timestamp) AS last_scored
    FROM (
        SELECT toStartOfHour(f.timestamp) AS hour, f.project_id AS project_id, f.name AS name,
               cityHash64(f.trace_id) AS trace_hash, f.trace_id AS trace_id, f.timestamp AS timestamp,
               multiIf(c.data_type = 'NUMERIC' AND c.max > c.min, (f.value - c.min) / (c.max - c.min),
                       c.data_type = 'CATEGORICAL' AND c.top > c.bottom, (f.value - c.bottom) / (c.top - c.bottom),
                       f.value) AS plain_quality,
               if(c.direction = 'MINIMIZE', 1 - plain_quality, plain_quality) AS quality
        FROM ${db}.annotation_scores_by_time AS f
        LEFT JOIN (
            SELECT id, toString(data_type) AS data_type, toString(direction) AS direction, min, max,
                   arrayMin(arrayMap(x -> JSONExtractFloat(x, 'value'), JSONExtractArrayRaw(categories))) AS bottom,
                   arrayMax(arrayMap(x -> JSONExtractFloat(x, 'value'), JSONExtractArrayRaw(categories))) AS top
            FROM ${db}.annotation_score_configs FINAL
        ) AS c ON c.id = f.config_id
        WHERE f.timestamp >= toStartOfHour(now()) - INTERVAL 47 HOUR
          AND f.trace_id != '' AND f.value IS NOT NULL AND f.data_type != 'TEXT'
    )
    GROUP BY hour, project_id, name, trace_hash
) AS s
ANY LEFT JOIN (
    SELECT cityHash64(TraceId) AS trace_hash, anyIf(ServiceName, ParentSpanId = '') AS root_service,
           anyIf(SpanName, ParentSpanId = '') AS root_span, groupUniqArray(ServiceName) AS services,
           groupUniqArrayIf(request_model, request_model != '') AS models
    FROM ${db}.annotation_span_dims
    WHERE Timestamp >= toStartOfHour(now()) - INTERVAL 71 HOUR
      AND cityHash64(TraceId) IN (SELECT cityHash64(trace_id) FROM ${db}.annotation_score_facts WHERE timestamp >= toStartOfHour(now()) - INTERVAL 47 HOUR AND trace_id != '')
    GROUP BY trace_hash
) AS t ON t.trace_hash = s.trace_hash
UNION ALL
-- one empty row per hour covered, so that the latest refresh of every hour is known even where it found no scores
SELECT arrayJoin(arrayMap(i -> toStartOfHour(now()) - INTERVAL 47 HOUR + toIntervalHour(i), range(48))) AS hour, now() AS refreshed_at,
       toUUID('00000000-0000-0000-0000-000000000000') AS project_id, '' AS name, toUInt64(0) AS trace_hash, '' AS trace_id,
       toUInt64(0) AS scores, toFloat64(0) AS quality_sum, toDateTime64(0, 3, 'UTC') AS last_scored, '' AS root_service,
       '' AS root_span, CAST([] AS Array(LowCardinality(String))) AS services, CAST([] AS Array(LowCardinality(String))) AS models
