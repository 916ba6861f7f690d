-- For analysts, dashboards and judge calibration: the consensus of every unit, the SQL form of the service's
-- rule (analytics/Consensus), tested to agree with it (ConsensusViewTest). Rules, as in the service:
--  * ratings: live HUMAN scores (current version, not deleted; TEXT scores have no consensus), one per author
--    per unit, the author's latest by (timestamp, id);
--  * a unit is (project, config, name, target) over all scores (queue_id NULL), and again within each queue
--    for the scores carrying that queue's id (queue_id set);
--  * a rating is an approved submission when it carries a queue's id, its source is ANNOTATION and that
--    queue's item for the target is APPROVED (annotation_queue_item_status). A unit with approved submissions
--    takes its consensus from them alone (method REVIEW); a returned submission's scores were deleted by the
--    return, so it counts nowhere;
--  * NUMERIC: consensus_value = the mean, consensus_median = the median (mean of the two middle values of an
--    even count); method MEAN;
--  * single-select CATEGORICAL and BOOLEAN: consensus_label = the label with the most votes; when several share
--    the most votes it is NULL, tie = 1 and tied_labels lists them; method MAJORITY;
--  * multi-select CATEGORICAL: consensus_labels = the labels more than half of the ratings chose; labels chosen
--    by exactly half are tied_labels (tie = 1); method MAJORITY.
-- Columns: ratings = every rating of the unit; consensus_ratings = those the consensus is taken over.
-- Versions are resolved without FINAL: a deleted score's id has a tombstone row and is left out; among the
-- other rows the newest by (timestamp, id, version) is the author's latest score in its newest version (what a
-- score judges, its author, time, kind, queue and source never change between versions). A filter on
-- project_id, config_id or name (grouping keys all the way down) reaches the table scan.
CREATE VIEW IF NOT EXISTS ${db}.annotation_consensus ${onCluster} AS
WITH
    approved AS (
        SELECT s.project_id AS project_id, s.queue_id AS queue_id, toString(i.target_type) AS target_type,
               i.trace_id AS trace_id, i.span_id AS span_id, i.session_id AS session_id, i.dataset_id AS dataset_id,
               i.item_id AS item_id
        FROM ${db}.annotation_queue_item_status AS s
        INNER JOIN (SELECT project_id, queue_id, id, target_type, trace_id, span_id, session_id, dataset_id, item_id
                    FROM ${db}.annotation_queue_items FINAL) AS i
            ON i.project_id = s.project_id AND i.queue_id = s.queue_id AND i.id = s.item_id
        WHERE s.status = 'APPROVED'
    ),
    live AS (
        SELECT project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
               document_position, author, id, version, timestamp, data_type, value, string_value, labels, queue_id, source
        FROM ${db}.annotation_scores
        WHERE annotator_kind = 'HUMAN' AND data_type != 'TEXT'
          AND id NOT IN (SELECT id FROM ${db}.annotation_scores WHERE is_deleted = 1)
    ),
    scoped AS (
        SELECT *, CAST(NULL, 'Nullable(UUID)') AS scope FROM live
        UNION ALL
        SELECT *, queue_id AS scope FROM live WHERE queue_id IS NOT NULL
    ),
    latest AS (
        SELECT project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
               document_position, scope, author,
               argMax((data_type, value, string_value, labels, queue_id, toString(source), timestamp),
                      (timestamp, id, version)) AS r
        FROM scoped
        GROUP BY project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
                 document_position, scope, author
    ),
    flagged AS (
        SELECT project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
               document_position, scope, r.1 AS data_type, r.2 AS value, r.3 AS label, r.4 AS labels, r.7 AS rated_at,
               r.6 = 'ANNOTATION' AND r.5 IS NOT NULL
                   AND (project_id, assumeNotNull(r.5), toString(target_type), trace_id, span_id, session_id, dataset_id, item_id)
                       IN (SELECT project_id, queue_id, target_type, trace_id, span_id, session_id, dataset_id, item_id FROM approved)
                   AS approved
        FROM latest
    ),
    units AS (
        -- both candidate consensuses per unit: over every rating, and over the approved submissions
        SELECT project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
               document_position, scope,
               any(data_type) AS unit_type,
               count() AS rating_count,
               countIf(approved) AS approved_count,
               max(notEmpty(labels)) AS multi,
               avg(value) AS mean_all,
               avgIf(value, approved) AS mean_approved,
               quantileExactInclusive(0.5)(value) AS median_all,
               quantileExactInclusiveIf(0.5)(value, approved) AS median_approved,
               arrayFlatten(groupArrayIf(if(notEmpty(labels), labels, [label]), data_type != 'NUMERIC')) AS votes_all,
               arrayFlatten(groupArrayIf(if(notEmpty(labels), labels, [label]), approved AND data_type != 'NUMERIC')) AS votes_approved,
               max(rated_at) AS last_rated_at
        FROM flagged
        GROUP BY project_id, config_id, name, target_type, trace_id, span_id, session_id, dataset_id, item_id,
                 document_position, scope
    ),
    tallied AS (
        SELECT *,
               approved_count > 0 AS reviewed,
               if(reviewed, approved_count, rating_count) AS consensus_ratings,
               if(reviewed, votes_approved, votes_all) AS votes,
               arrayMap(l -> (l, countEqual(votes, l)), arraySort(arrayDistinct(votes))) AS tally,
               arrayMax(arrayMap(t -> t.2, tally)) AS top,
               arrayMap(t -> t.1, arrayFilter(t -> t.2 = top, tally)) AS leaders,
               if(multi = 1, arrayMap(t -> t.1, arrayFilter(t -> t.2 * 2 = consensus_ratings, tally)),
                  if(length(leaders) > 1, leaders, [])) AS tied
        FROM units
    )
SELECT
    project_id,
    config_id,
    name,
    toString(unit_type) AS data_type,
    target_type,
    trace_id,
    span_id,
    session_id,
    dataset_id,
    item_id,
    document_position,
    scope AS queue_id,
    rating_count AS ratings,
    consensus_ratings,
    multiIf(reviewed, 'REVIEW', unit_type = 'NUMERIC', 'MEAN', 'MAJORITY') AS method,
    if(unit_type != 'NUMERIC' AND multi = 0 AND length(leaders) = 1, leaders[1], NULL) AS consensus_label,
    if(multi = 1, arrayMap(t -> t.1, arrayFilter(t -> t.2 * 2 > consensus_ratings, tally)), []) AS consensus_labels,
    if(unit_type = 'NUMERIC', if(reviewed, mean_approved, mean_all), NULL) AS consensus_value,
    if(unit_type = 'NUMERIC', if(reviewed, median_approved, median_all), NULL) AS consensus_median,
    notEmpty(tied) AS tie,
    tied AS tied_labels,
    last_rated_at
FROM tallied
