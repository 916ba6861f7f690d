-- For analysts, exports and dashboards: every queue item's status now, the SQL form of the service's fold
-- (queue/ItemState) so that nothing re-derives it differently. Rules, as in the fold:
--  * the n-th claim of an item is its first CLAIMED row with seq = n; its end the first RELEASED / SKIPPED /
--    EXPIRED / SUBMITTED row with that seq ("first" by (at, event_id); tokens make duplicates rare anyway);
--  * review decision r is the first APPROVED / RETURNED row with review_seq = r; a RETURNED decision takes
--    back the submission of claim `seq`; the item is approved when its latest decision is APPROVED;
--  * valid submissions: annotators with a claim ended by SUBMITTED that no decision returned;
--  * REMOVED when the item was removed; else with enough valid submissions COMPLETED (no review step),
--    APPROVED or IN_REVIEW; else RESERVED while a claim is open and not past expires_at (at now()); else PENDING.
CREATE VIEW IF NOT EXISTS ${db}.annotation_queue_item_status ${onCluster} AS
WITH
    claims AS (
        SELECT project_id, queue_id, item_id, seq,
               argMinIf(annotator, (at, event_id), type = 'CLAIMED') AS claimant,
               argMinIf(expires_at, (at, event_id), type = 'CLAIMED') AS claim_expires_at,
               toString(argMinIf(type, (at, event_id), type != 'CLAIMED')) AS end_type
        FROM ${db}.annotation_queue_events
        WHERE type IN ('CLAIMED', 'RELEASED', 'SKIPPED', 'EXPIRED', 'SUBMITTED')
        GROUP BY project_id, queue_id, item_id, seq
        HAVING countIf(type = 'CLAIMED') > 0
    ),
    decisions AS (
        SELECT project_id, queue_id, item_id, review_seq,
               toString(argMin(type, (at, event_id))) AS decision,
               argMin(seq, (at, event_id)) AS returned_seq
        FROM ${db}.annotation_queue_events
        WHERE type IN ('APPROVED', 'RETURNED')
        GROUP BY project_id, queue_id, item_id, review_seq
    ),
    reviews AS (
        SELECT project_id, queue_id, item_id,
               groupArrayIf(returned_seq, decision = 'RETURNED') AS returned_seqs,
               argMax(decision, review_seq) = 'APPROVED' AS approved
        FROM decisions
        GROUP BY project_id, queue_id, item_id
    ),
    work AS (
        SELECT c.project_id AS project_id, c.queue_id AS queue_id, c.item_id AS item_id,
               uniqExactIf(c.claimant, c.end_type = 'SUBMITTED' AND NOT has(r.returned_seqs, c.seq)) AS submissions,
               countIf(c.end_type = '' AND now64(3) < c.claim_expires_at) AS live_claims,
               any(r.approved) AS approved
        FROM claims AS c
        LEFT JOIN reviews AS r
            ON r.project_id = c.project_id AND r.queue_id = c.queue_id AND r.item_id = c.item_id
        GROUP BY c.project_id, c.queue_id, c.item_id
    ),
    activity AS (
        SELECT project_id, queue_id, item_id, max(at) AS last_event_at
        FROM ${db}.annotation_queue_events
        GROUP BY project_id, queue_id, item_id
    )
SELECT
    i.project_id AS project_id,
    i.queue_id AS queue_id,
    i.id AS item_id,
    i.target_type AS target_type,
    i.trace_id AS trace_id,
    i.span_id AS span_id,
    i.session_id AS session_id,
    i.priority AS priority,
    i.added_at AS added_at,
    multiIf(i.removed = 1, 'REMOVED',
            w.submissions >= q.annotators_per_item,
                if(NOT q.review_required, 'COMPLETED', if(w.approved, 'APPROVED', 'IN_REVIEW')),
            w.live_claims > 0, 'RESERVED',
            'PENDING') AS status,
    w.submissions AS submissions,
    q.annotators_per_item AS needed,
    w.live_claims AS live_claims,
    a.last_event_at AS last_event_at
FROM (SELECT * FROM ${db}.annotation_queue_items FINAL) AS i
INNER JOIN (SELECT project_id, id, annotators_per_item, review_required FROM ${db}.annotation_queues FINAL) AS q
    ON q.project_id = i.project_id AND q.id = i.queue_id
LEFT JOIN work AS w ON w.project_id = i.project_id AND w.queue_id = i.queue_id AND w.item_id = i.id
LEFT JOIN activity AS a ON a.project_id = i.project_id AND a.queue_id = i.queue_id AND a.item_id = i.id
SETTINGS join_use_nulls = 0
;
