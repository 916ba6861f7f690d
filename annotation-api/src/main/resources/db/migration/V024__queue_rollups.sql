-- Queue state for dashboards, computed ahead. annotation_queue_item_status folds the whole event log each time it is
-- read (2 s for 100 000 items and their 350 000 events on the benchmark machine), and replaying the log into a
-- history of states took 2.4–5.9 s. Refreshable materialized views keep the answers:
--  * annotation_queue_status_counts: items per queue and status, from annotation_queue_item_status (the service's own
--    fold, not a second one), every minute;
--  * annotation_queue_changes_hourly: per queue and hour, how many items entered and left each state (backlog from
--    being added until the last needed submission, in review until approved, completed after that; reserved from a
--    claim's start to its end or expiry), every 5 minutes. A running sum over the hours gives each state's size at
--    any time. Unlike the fold, a submission later returned by a reviewer still counts here, and removed items are
--    left out. Both read every row of the queue tables; their cost grows with them.
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_status_counts ${onCluster} (
    project_id UUID,
    queue_id UUID,
    status LowCardinality(String),
    items UInt64,
    computed_at DateTime('UTC')
) ENGINE = ${MergeTree}()
ORDER BY (project_id, queue_id, status)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_queue_status_counts_mv ${onCluster}
REFRESH EVERY 1 MINUTE TO ${db}.annotation_queue_status_counts
AS SELECT project_id, queue_id, status, count() AS items, now() AS computed_at
FROM ${db}.annotation_queue_item_status
GROUP BY project_id, queue_id, status
;
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_changes_hourly ${onCluster} (
    hour DateTime('UTC'),
    project_id UUID,
    queue_id UUID,
    state LowCardinality(String) COMMENT 'backlog, reserved, in review or completed',
    delta Int64 COMMENT 'items that entered the state minus items that left it during the hour'
) ENGINE = ${MergeTree}()
ORDER BY (project_id, queue_id, state, hour)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_queue_changes_hourly_mv ${onCluster}
REFRESH EVERY 5 MINUTE TO ${db}.annotation_queue_changes_hourly
AS
WITH
    queues AS (
        SELECT project_id, id, annotators_per_item AS needed, review_required FROM ${db}.annotation_queues FINAL
    ),
    items AS (
        SELECT project_id, queue_id, id AS item_id, added_at FROM ${db}.annotation_queue_items FINAL WHERE removed = 0
    ),
    logs AS (
        -- one pass over the event log: each item's submissions, approval, claims and claim ends
        SELECT queue_id, item_id, arraySort(groupArrayIf(at, type = 'SUBMITTED')) AS submitted,
               minIf(at, type = 'APPROVED') AS approved_at, countIf(type = 'APPROVED') > 0 AS approved,
               groupArrayIf((seq, at, assumeNotNull(expires_at)), type = 'CLAIMED') AS claims,
               groupArrayIf((seq, at), type IN ('RELEASED', 'SKIPPED', 'EXPIRED', 'SUBMITTED')) AS ends
        FROM ${db}.annotation_queue_events
        GROUP BY queue_id, item_id
    ),
    states AS (
        SELECT i.project_id AS project_id, i.queue_id AS queue_id, i.added_at AS added_at,
               q.review_required AS review_required, length(l.submitted) >= q.needed AS done,
               if(done, l.submitted[q.needed], i.added_at) AS done_at, l.approved AS approved,
               greatest(l.approved_at, done_at) AS approved_at, l.claims AS claims, l.ends AS ends
        FROM items AS i
        INNER JOIN queues AS q ON q.project_id = i.project_id AND q.id = i.queue_id
        LEFT JOIN logs AS l ON l.queue_id = i.queue_id AND l.item_id = i.item_id
    ),
    reservations AS (
        -- a claim holds its place from its start to its end, or to its expiry when that came first or nothing ended it
        SELECT project_id, queue_id, claim.2 AS claimed_at, arrayFirstIndex(e -> e.1 = claim.1, ends) AS ended,
               if(ended > 0, least(ends[ended].2, claim.3), claim.3) AS released_at
        FROM states
        ARRAY JOIN claims AS claim
    ),
    changes AS (
        SELECT project_id, queue_id, 'backlog' AS state, added_at AS at, 1 AS delta FROM states
        UNION ALL SELECT project_id, queue_id, 'backlog', done_at, -1 FROM states WHERE done
        UNION ALL SELECT project_id, queue_id, 'in review', done_at, 1 FROM states WHERE done AND review_required
        UNION ALL SELECT project_id, queue_id, 'in review', approved_at, -1 FROM states
                  WHERE done AND review_required AND approved
        UNION ALL SELECT project_id, queue_id, 'completed', if(review_required, approved_at, done_at), 1 FROM states
                  WHERE done AND (NOT review_required OR approved)
        UNION ALL SELECT project_id, queue_id, 'reserved', claimed_at, 1 FROM reservations
        UNION ALL SELECT project_id, queue_id, 'reserved', released_at, -1 FROM reservations
                  WHERE ended > 0 OR released_at <= now64(3)
    )
SELECT toStartOfHour(at) AS hour, project_id, queue_id, state, sum(delta) AS delta
FROM changes
GROUP BY hour, project_id, queue_id, state
