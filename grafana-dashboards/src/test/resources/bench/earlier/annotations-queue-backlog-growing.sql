WITH
  queues AS (SELECT id, name, annotators_per_item AS needed FROM annotation_queues FINAL WHERE status = 'ACTIVE'),
  added AS (
    SELECT queue_id, count() AS added FROM annotation_queue_items FINAL
    WHERE removed = 0 AND $__timeFilter(added_at)
    GROUP BY queue_id
  ),
  done AS (
    -- items whose last needed submission falls in the range
    SELECT s.queue_id AS queue_id, countIf(length(s.submitted) >= q.needed AND s.submitted[q.needed] >= $__fromTime) AS done
    FROM (
      SELECT queue_id, item_id, arraySort(groupArray(at)) AS submitted
      FROM annotation_queue_events
      WHERE type = 'SUBMITTED' AND at <= $__toTime
      GROUP BY queue_id, item_id
    ) AS s
    INNER JOIN queues AS q ON q.id = s.queue_id
    GROUP BY queue_id
  )
SELECT q.name AS queue, toInt64(a.added) - toInt64(d.done) AS backlog_growth
FROM queues AS q
LEFT JOIN added AS a ON a.queue_id = q.id
LEFT JOIN done AS d ON d.queue_id = q.id
ORDER BY queue
