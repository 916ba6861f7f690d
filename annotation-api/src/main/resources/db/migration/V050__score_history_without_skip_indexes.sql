-- The history was created AS annotation_scores and so copied its five skip indexes, which no read of the history
-- uses (it is read by (project_id, id, version), its sort key). Every acknowledged group of scores writes a part
-- to both tables; without the indexes a history part has 10 files instead of 20, and an INSERT makes 30 files
-- instead of 40 (bench-results/score-tables.md). Dropping an index changes the table's metadata at once: new
-- parts are written without it; parts already stored keep their index files until they are next merged.
ALTER TABLE ${db}.annotation_score_history ${onCluster}
    DROP INDEX IF EXISTS idx_id,
    DROP INDEX IF EXISTS idx_name,
    DROP INDEX IF EXISTS idx_timestamp,
    DROP INDEX IF EXISTS idx_author,
    DROP INDEX IF EXISTS idx_config
;
