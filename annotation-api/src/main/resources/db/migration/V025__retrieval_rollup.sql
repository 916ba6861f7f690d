-- One row per retrieval (a span whose documents have DOCUMENT scores): the documents' relevance in rank order and
-- the span's service, what the retrieval dashboard ranks with its k. Grouping the range's document scores per
-- span at query time, and finding each span's service, took 8–15 s for 24 h of 10 M scores and 10 M spans on the
-- benchmark machine. A refreshable materialized view recomputes every retrieval from all live DOCUMENT scores
-- every 15 minutes, replacing the table's contents (dashboards lag by at most that; a retrieval is placed in the hour
-- of its latest document score). A document's relevance is the mean of its live scores; positions without a score
-- are left out, so ranks follow the judged documents' positions. The refresh reads every live score and scans
-- annotation_span_dims for the traces concerned; its cost grows with both, hence every 15 minutes.
CREATE TABLE IF NOT EXISTS ${db}.annotation_retrieval_rollup ${onCluster} (
    hour DateTime('UTC'),
    project_id UUID,
    trace_id String,
    span_id String,
    name LowCardinality(String),
    service_name LowCardinality(String) COMMENT 'empty when the span is not stored',
    relevances Array(Float64) COMMENT 'the judged documents relevance, lowest document_position first',
    last_scored DateTime64(3, 'UTC')
) ENGINE = ${MergeTree}()
ORDER BY (hour, project_id, name, service_name)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_retrieval_rollup_mv ${onCluster}
REFRESH EVERY 15 MINUTE TO ${db}.annotation_retrieval_rollup
AS
SELECT toStartOfHour(max(d.at)) AS hour, d.project_id AS project_id, d.trace_id AS trace_id, d.span_id AS span_id,
       d.name AS name, any(s.ServiceName) AS service_name,
       arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((d.document_position, d.relevance)))) AS relevances,
       max(d.at) AS last_scored
FROM (
    SELECT project_id, trace_id, span_id, name, document_position, avg(assumeNotNull(value)) AS relevance, max(timestamp) AS at
    FROM ${db}.annotation_scores_by_time
    WHERE target_type = 'DOCUMENT' AND value IS NOT NULL
    GROUP BY project_id, trace_id, span_id, name, document_position
) AS d
ANY LEFT JOIN (
    SELECT TraceId, SpanId, ServiceName
    FROM ${db}.annotation_span_dims
    WHERE TraceId IN (SELECT trace_id FROM ${db}.annotation_score_facts WHERE target_type = 'DOCUMENT')
) AS s ON s.TraceId = d.trace_id AND s.SpanId = d.span_id
GROUP BY project_id, trace_id, span_id, name
