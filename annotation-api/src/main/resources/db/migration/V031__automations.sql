-- Standing rules. QUEUE_SOURCE: a span filter whose new matching spans are added to a queue, at most
-- max_per_hour per rolling hour, read after a cursor (the start time of the last span it looked at) so a
-- restart resumes where it stopped; re-adding a span is a no-op (queue item ids derive from queue + target).
-- QUEUE_TO_DATASET: a queue's finished items (APPROVED, or COMPLETED without a review step) added to a dataset.
CREATE TABLE IF NOT EXISTS ${db}.annotation_automations ${onCluster} (
    project_id UUID,
    id UUID,
    kind LowCardinality(String) COMMENT 'QUEUE_SOURCE or QUEUE_TO_DATASET',
    queue_id UUID,
    dataset_id Nullable(UUID),
    filter String COMMENT 'QUEUE_SOURCE: the span filter as JSON',
    priority Int32,
    max_per_hour UInt32,
    enabled Bool,
    cursor_nanos Int64 COMMENT 'QUEUE_SOURCE: spans that started before this were looked at',
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    version UInt64
) ENGINE = ${ReplacingMergeTree}(version)
ORDER BY (project_id, id)
;
-- What each run of an automation did: the rows behind GET /api/v1/automations/{id}/runs.
CREATE TABLE IF NOT EXISTS ${db}.annotation_automation_runs ${onCluster} (
    project_id UUID,
    automation_id UUID,
    at DateTime64(3, 'UTC'),
    matched UInt32,
    added UInt32,
    already_present UInt32,
    dataset_version UInt32,
    cursor_nanos Int64,
    error String
) ENGINE = ${MergeTree}()
ORDER BY (project_id, automation_id, at)
;
