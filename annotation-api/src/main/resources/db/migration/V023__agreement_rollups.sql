-- Judges against humans, and annotators against each other, per hour: what the judges dashboard, the queue
-- dashboard's agreement table and the κ alert read. Computing them at query time groups every score of the range
-- by target and author (3.7–11 s for 24 h of 10 M scores on the benchmark machine, more for the judges
-- dashboard's default 7 days). Refreshable materialized views recompute them from all live scores every
-- 15 minutes, replacing the tables' contents (dashboards lag by at most that). Each author's latest score per
-- target and name counts; a unit is placed in the hour its last answer arrived, so a human review days after
-- the judge's score is paired all the same. The refresh reads every live score (annotation_scores_by_time, FINAL: a
-- streaming merge in sort order, cheaper here than deduplicating by id with argMax, which the benchmark tried); its
-- cost grows with the table (see bench-results/dashboards.md), hence every 15 minutes rather than 5.
--
-- Judges: a unit is a target and name with answers from humans and from LLM or code judges; per judge, the
-- humans' majority answer (ties: the smallest answer) against the judge's answer, counted per cell of the
-- confusion matrix, with the moments that give correlation and mean absolute error against the humans' mean value.
-- Until the analytics view annotation_score_consensus exists this is the "human view"; the `units` step should
-- then read the consensus instead.
CREATE TABLE IF NOT EXISTS ${db}.annotation_judge_rollup_hourly ${onCluster} (
    hour DateTime('UTC'),
    project_id UUID,
    name LowCardinality(String),
    data_type Enum8('NUMERIC' = 1, 'CATEGORICAL' = 2, 'BOOLEAN' = 3, 'TEXT' = 4),
    judge String,
    human_majority String COMMENT 'the humans majority answer: a label, or a value as text',
    judge_answer String,
    units UInt64,
    valued UInt64 COMMENT 'units where the judge and the humans gave values',
    judge_sum Float64,
    human_sum Float64 COMMENT 'sum of the humans mean values',
    judge_square_sum Float64,
    human_square_sum Float64,
    product_sum Float64,
    absolute_error_sum Float64
) ENGINE = ${MergeTree}()
ORDER BY (hour, project_id, name, judge, human_majority, judge_answer)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_judge_rollup_hourly_mv ${onCluster}
REFRESH EVERY 15 MINUTE TO ${db}.annotation_judge_rollup_hourly
AS
WITH
    latest AS (
        SELECT project_id, target, name, any(data_type) AS data_type, author, annotator_kind,
               argMax(answer, timestamp) AS answer, argMax(value, timestamp) AS value, max(timestamp) AS at
        FROM (
            -- one 64-bit key per target (type, trace, span, session, dataset item, document position)
            SELECT project_id, cityHash64(target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position) AS target,
                   name, data_type, author, annotator_kind, value, timestamp,
                   if(data_type IN ('CATEGORICAL', 'BOOLEAN'), string_value, toString(value)) AS answer
            FROM ${db}.annotation_scores_by_time
            WHERE data_type != 'TEXT' AND (value IS NOT NULL OR string_value != '')
              AND name IN (SELECT name FROM ${db}.annotation_score_facts GROUP BY name
                           HAVING countIf(annotator_kind = 'HUMAN') > 0 AND countIf(annotator_kind != 'HUMAN') > 0)
        )
        GROUP BY project_id, target, name, author, annotator_kind
    ),
    units AS (
        SELECT project_id, name, any(data_type) AS data_type, max(at) AS at,
               groupArrayIf(answer, annotator_kind = 'HUMAN') AS human_answers,
               arraySort(x -> (-countEqual(human_answers, x), x), arrayDistinct(human_answers))[1] AS majority,
               avgIf(value, annotator_kind = 'HUMAN') AS human_mean,
               groupArrayIf((author, answer, value), annotator_kind != 'HUMAN') AS judgements
        FROM latest
        GROUP BY project_id, target, name
        HAVING length(human_answers) > 0 AND length(judgements) > 0
    )
SELECT toStartOfHour(at) AS hour, project_id, name, data_type, judgement.1 AS judge, majority AS human_majority,
       judgement.2 AS judge_answer, count() AS units,
       countIf(judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS valued,
       sumIf(assumeNotNull(judgement.3), judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS judge_sum,
       sumIf(human_mean, judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS human_sum,
       sumIf(pow(assumeNotNull(judgement.3), 2), judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS judge_square_sum,
       sumIf(pow(human_mean, 2), judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS human_square_sum,
       sumIf(assumeNotNull(judgement.3) * human_mean, judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS product_sum,
       sumIf(abs(assumeNotNull(judgement.3) - human_mean), judgement.3 IS NOT NULL AND NOT isNaN(human_mean)) AS absolute_error_sum
FROM units
ARRAY JOIN judgements AS judgement
GROUP BY hour, project_id, name, data_type, judge, human_majority, judge_answer
;
-- Annotators: for human annotations (source ANNOTATION), per annotator and queue, how many other annotators' answers
-- on the same target and name they were compared with and how many of those equal theirs.
CREATE TABLE IF NOT EXISTS ${db}.annotation_annotator_agreement_hourly ${onCluster} (
    hour DateTime('UTC'),
    project_id UUID,
    queue_id Nullable(UUID),
    annotator String,
    shared_items UInt64 COMMENT 'targets and names answered by this annotator and at least one other',
    comparisons UInt64,
    agreements UInt64
) ENGINE = ${MergeTree}()
ORDER BY (hour, project_id, annotator)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_annotator_agreement_hourly_mv ${onCluster}
REFRESH EVERY 15 MINUTE TO ${db}.annotation_annotator_agreement_hourly
AS
SELECT toStartOfHour(at) AS hour, project_id, queue_id, me.1 AS annotator, count() AS shared_items,
       sum(arrayCount(other -> other.1 != me.1, votes)) AS comparisons,
       sum(arrayCount(other -> other.1 != me.1 AND other.2 = me.2, votes)) AS agreements
FROM (
    SELECT project_id, any(queue_id) AS queue_id, max(at) AS at, groupArray((author, answer)) AS votes
    FROM (
        SELECT project_id, cityHash64(target_type, trace_id, span_id, session_id, dataset_id, item_id, document_position) AS target,
               name, author, any(queue_id) AS queue_id, max(timestamp) AS at,
               argMax(if(data_type IN ('CATEGORICAL', 'BOOLEAN'), string_value, toString(value)), timestamp) AS answer
        FROM ${db}.annotation_scores_by_time
        WHERE annotator_kind = 'HUMAN' AND source = 'ANNOTATION' AND data_type != 'TEXT'
        GROUP BY project_id, target, name, author
    )
    GROUP BY project_id, target, name
    HAVING length(votes) >= 2
)
ARRAY JOIN votes AS me
GROUP BY hour, project_id, queue_id, annotator
