-- The end users' comments, for the "Latest comments" panel: the FEEDBACK scores with a comment, sorted by time, with
-- only the columns the panel shows. Read from annotation_scores_by_time the panel merged every live score of the range
-- (FINAL over ~1.4 M rows for 24 h of 10 M scores) to keep the ~40 000 comments among them: 0.27 s of engine CPU All
-- on the benchmark machine, against 0.01-0.02 s for the 50 newest here. Filled as scores are written, by a
-- materialized view: every FEEDBACK version with a comment, and every later version of a FEEDBACK score (an edit:
-- updated_at after created_at; a tombstone: is_deleted) whether it has a comment or not, so that an edit that removes
-- a comment and a deletion supersede it here as in annotation_scores (ReplacingMergeTree(version, is_deleted), read
-- with FINAL). A FEEDBACK score never gets another version any other way: a POST of a known id with other content is
-- refused (409), source never changes. The INSERT copies the versions written before this migration (every
-- FEEDBACK row with a comment or a later version, one pass over annotation_scores); rows copied twice (inserted while
-- the migration runs) collapse like versions. On a cluster the INSERT copies the rows of the replica running it.
CREATE TABLE IF NOT EXISTS ${db}.annotation_feedback_comments ${onCluster} (
    project_id UUID,
    id UUID,
    timestamp DateTime64(3, 'UTC'),
    name LowCardinality(String),
    string_value String,
    value Nullable(Float64),
    comment String,
    author String,
    trace_id String,
    span_id String,
    session_id String,
    version UInt64,
    is_deleted UInt8
) ENGINE = ${ReplacingMergeTree}(version, is_deleted)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (project_id, timestamp, id)
;
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.annotation_feedback_comments_mv ${onCluster}
TO ${db}.annotation_feedback_comments
AS SELECT project_id, id, timestamp, name, string_value, value, comment, author, trace_id, span_id, session_id, version,
          is_deleted
FROM ${db}.annotation_scores
WHERE source = 'FEEDBACK' AND (comment != '' OR updated_at > created_at OR is_deleted = 1)
;
INSERT INTO ${db}.annotation_feedback_comments
SELECT project_id, id, timestamp, name, string_value, value, comment, author, trace_id, span_id, session_id, version,
       is_deleted
FROM ${db}.annotation_scores
WHERE source = 'FEEDBACK' AND (comment != '' OR updated_at > created_at OR is_deleted = 1)
