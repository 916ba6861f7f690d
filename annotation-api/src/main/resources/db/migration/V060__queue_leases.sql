-- Queue leases (README, "Queues: the claim protocol"): one instance at a time owns a queue and serves its claims
-- from memory. Lease number e+1 of a queue is inserted with insert_deduplication_token lease:<queue>:<e+1>, so at
-- most one instance wins each number; the owner renews by taking the next number itself, another instance may take
-- it only once the latest lease has expired (plus a grace). Only the latest number matters: a ReplacingMergeTree by
-- epoch keeps the table one row per queue after merges.
CREATE TABLE IF NOT EXISTS ${db}.annotation_queue_leases ${onCluster} (
    project_id UUID,
    queue_id UUID,
    epoch UInt64 COMMENT 'the lease number e: 1, 2, …; each stored at most once',
    owner String COMMENT 'the instance id that won lease e',
    address String COMMENT 'where the owner takes forwarded requests (its base URL)',
    acquired_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC')
) ENGINE = ${ReplacingMergeTree}(epoch)
ORDER BY (project_id, queue_id)
SETTINGS non_replicated_deduplication_window = 100000, replicated_deduplication_window = 100000
