WITH
  -- the 50 newest comments that pass the filters, computed once as one value (a scalar subquery) and read twice below
  (SELECT groupArray((timestamp, name, string_value, value, comment, author, trace_id, span_id, session_id))
   FROM (
     SELECT timestamp, name, string_value, value, comment, author, trace_id, span_id, session_id
     FROM annotation_scores_by_time
     WHERE $__timeFilter(timestamp) AND source = 'FEEDBACK' AND comment != ''
       AND $__conditionalAll(project_id IN (${project:singlequote}), $project)
       -- the judged span's service / model; spans hashed with their trace: the same set, a cheaper key
       AND $__conditionalAll(cityHash64(trace_id, span_id) IN (SELECT cityHash64(TraceId, SpanId) FROM annotation_span_dims WHERE Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime AND ServiceName IN (${service:singlequote})), $service)
       AND $__conditionalAll(cityHash64(trace_id, span_id) IN (SELECT cityHash64(TraceId, SpanId) FROM annotation_span_dims WHERE Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime AND request_model IN (${model:singlequote})), $model)
     ORDER BY timestamp DESC
     LIMIT 50
   )) AS latest,
  arrayFilter(t -> t != '', arrayDistinct(arrayMap(c -> c.7, latest))) AS traces,
  -- when those traces ran (the Collector's trace-id table, sorted by trace id): only their spans are read
  (SELECT (min(Start), max(End) + 1) FROM otel_traces_trace_id_ts WHERE TraceId IN (SELECT arrayJoin(traces))) AS span_range
SELECT c.1 AS time, c.2 AS name, c.3 AS label, c.4 AS value, c.5 AS comment, c.6 AS user, c.7 AS trace, c.9 AS session,
       d.ServiceName AS service, d.request_model AS model
FROM (SELECT arrayJoin(latest) AS c) AS f
LEFT JOIN (
  SELECT TraceId, SpanId, any(ServiceName) AS ServiceName, any(request_model) AS request_model
  FROM annotation_span_dims
  WHERE Timestamp >= greatest(span_range.1, $__fromTime - INTERVAL 1 DAY) AND Timestamp <= span_range.2
    AND TraceId IN (SELECT arrayJoin(traces))
  GROUP BY TraceId, SpanId
) AS d ON d.TraceId = f.c.7 AND d.SpanId = f.c.8
ORDER BY time DESC
