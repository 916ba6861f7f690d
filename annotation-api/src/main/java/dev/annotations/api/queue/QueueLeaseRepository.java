package dev.annotations.api.queue;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.JsonEachRow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The only SQL about {@code annotation_queue_leases}. */
final class QueueLeaseRepository {
    static final String TABLE = "annotation_queue_leases";

    private final ClickHouseStorage storage;

    QueueLeaseRepository(ClickHouseStorage storage) {
        this.storage = storage;
    }

    /**
     * Tries to store lease number {@code lease.epoch()} with token {@code lease:<queue>:<epoch>}: if another
     * instance stored that number first, ClickHouse drops this row and still answers OK. Read back to learn who won.
     */
    void tryStore(QueueLease lease) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("project_id", lease.projectId().toString());
        row.put("queue_id", lease.queueId().toString());
        row.put("epoch", lease.epoch());
        row.put("owner", lease.owner());
        row.put("address", lease.address());
        row.put("acquired_at", JsonEachRow.dateTime64(lease.acquiredAt()));
        row.put("expires_at", JsonEachRow.dateTime64(lease.expiresAt()));
        storage.insertJsonEachRow(TABLE, JsonEachRow.encodeMaps(List.of(row)),
                "lease:" + lease.queueId() + ":" + lease.epoch());
    }

    /** The queue's latest lease as stored (the highest number), if it ever had one. */
    Optional<QueueLease> latest(UUID projectId, UUID queueId) {
        String sql = "SELECT epoch, owner, address, toUnixTimestamp64Milli(acquired_at), toUnixTimestamp64Milli(expires_at)"
                + " FROM " + storage.qualified(TABLE) + " WHERE project_id = ? AND queue_id = ?"
                + " ORDER BY epoch DESC LIMIT 1";
        return storage.call(dsl -> dsl.fetch(sql, projectId, queueId)).stream().findFirst().map(row -> new QueueLease(
                projectId, queueId, ((Number) row.get(0)).longValue(), (String) row.get(1), (String) row.get(2),
                Instant.ofEpochMilli(((Number) row.get(3)).longValue()),
                Instant.ofEpochMilli(((Number) row.get(4)).longValue())));
    }
}
