SELECT f.timestamp AS time, f.name AS name, f.string_value AS label, f.value AS value, f.comment AS comment,
       f.author AS user, f.trace_id AS trace, f.session_id AS session, d.ServiceName AS service, d.request_model AS model
FROM (
  SELECT timestamp, name, string_value, value, comment, author, trace_id, span_id, session_id
  FROM annotation_scores_by_time
  WHERE $__timeFilter(timestamp) AND source = 'FEEDBACK' AND comment != ''
    AND $__conditionalAll(project_id IN (${project:singlequote}), $project)
) AS f
LEFT JOIN (
  SELECT TraceId, SpanId, any(ServiceName) AS ServiceName, any(request_model) AS request_model
  FROM annotation_span_dims
  WHERE Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime
    -- spans of traces with feedback comments in range (read without FINAL: a deleted comment only widens the set)
    AND TraceId IN (SELECT trace_id FROM annotation_score_facts
                    WHERE $__timeFilter(timestamp) AND source = 'FEEDBACK' AND comment != '' AND trace_id != '')
  GROUP BY TraceId, SpanId
) AS d ON d.TraceId = f.trace_id AND d.SpanId = f.span_id
WHERE $__conditionalAll(d.ServiceName IN (${service:singlequote}), $service)
  AND $__conditionalAll(d.request_model IN (${model:singlequote}), $model)
ORDER BY time DESC
LIMIT 50
