SELECT w.trace AS trace, r.service AS service, r.root_span AS root_span, w.quality AS quality, w.scores AS scores,
       w.last_scored AS last_scored
FROM (
  SELECT any(trace_id) AS trace, round(avg(quality), 3) AS quality, count() AS scores, max(timestamp) AS last_scored
  FROM (
    SELECT f.trace_id AS trace_id, f.timestamp AS timestamp,
           multiIf(c.data_type = 'NUMERIC' AND c.max > c.min, (f.value - c.min) / (c.max - c.min),
                   c.data_type = 'CATEGORICAL' AND c.top > c.bottom, (f.value - c.bottom) / (c.top - c.bottom),
                   f.value) AS plain_quality,
           if(c.direction = 'MINIMIZE', 1 - plain_quality, plain_quality) AS quality
    FROM annotation_scores_by_time AS f
    LEFT JOIN (
      SELECT id, toString(data_type) AS data_type, toString(direction) AS direction, min, max,
             arrayMin(arrayMap(x -> JSONExtractFloat(x, 'value'), JSONExtractArrayRaw(categories))) AS bottom,
             arrayMax(arrayMap(x -> JSONExtractFloat(x, 'value'), JSONExtractArrayRaw(categories))) AS top
      FROM annotation_score_configs FINAL
    ) AS c ON c.id = f.config_id
    WHERE $__timeFilter(f.timestamp) AND f.trace_id != '' AND f.value IS NOT NULL AND f.data_type != 'TEXT'
      AND $__conditionalAll(f.project_id IN (${project:singlequote}), $project)
      AND $__conditionalAll(f.name IN (${score_name:singlequote}), $score_name)
      AND $__conditionalAll(f.trace_id IN (SELECT TraceId FROM annotation_span_dims WHERE Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime AND ServiceName IN (${service:singlequote})), $service)
      AND $__conditionalAll(f.trace_id IN (SELECT TraceId FROM annotation_span_dims WHERE Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime AND request_model IN (${model:singlequote})), $model)
  )
  -- grouped by the trace id's hash: the same groups, a cheaper key
  GROUP BY cityHash64(trace_id)
  ORDER BY quality ASC, scores DESC, trace
  LIMIT 25
) AS w
ANY LEFT JOIN (
  SELECT TraceId, ServiceName AS service, SpanName AS root_span
  FROM annotation_span_dims
  WHERE ParentSpanId = '' AND Timestamp >= $__fromTime - INTERVAL 1 DAY AND Timestamp <= $__toTime
) AS r ON r.TraceId = w.trace
ORDER BY quality ASC, scores DESC, trace
