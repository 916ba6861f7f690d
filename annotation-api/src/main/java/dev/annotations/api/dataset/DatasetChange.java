package dev.annotations.api.dataset;

import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One change of a dataset in the making: its rows are written under a fresh change id in chunks, and only
 * {@link #commit} makes them a version (V030: the version row is the commit record). A change never committed —
 * an import with a bad line, a job that failed — leaves rows no read ever joins.
 */
final class DatasetChange {
    /** Rows per INSERT. */
    static final int CHUNK = 1_000;
    /** Attempts to claim a version number when other changes keep taking the next one. */
    private static final int CLAIM_ATTEMPTS = 20;

    private final DatasetRepository repository;
    private final UUID projectId;
    private final UUID datasetId;
    private final UUID changeId;
    private final Instant at;
    private final String by;
    private final List<ItemRow> pending = new ArrayList<>();
    private int written;

    DatasetChange(DatasetRepository repository, UUID projectId, UUID datasetId, Supplier<UUID> ids, Instant at, String by) {
        this.repository = repository;
        this.projectId = projectId;
        this.datasetId = datasetId;
        this.changeId = ids.get();
        this.at = at;
        this.by = by;
    }

    void add(ItemRow row) {
        pending.add(row);
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    void addAll(List<ItemRow> rows) {
        rows.forEach(this::add);
    }

    /** Rows written or waiting so far. */
    int size() {
        return written + pending.size();
    }

    private void flush() {
        repository.insertItems(projectId, datasetId, changeId, written, pending, at, by);
        written += pending.size();
        pending.clear();
    }

    /** Writes what is left, then claims the next free version for this change; returns it. */
    DatasetVersion commit(String description, int added, int edited, int removed) {
        flush();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            DatasetVersion claim = new DatasetVersion(repository.latestVersion(projectId, datasetId) + 1, changeId,
                    description, added, edited, removed, at, by);
            if (repository.claim(projectId, datasetId, claim)) {
                return claim;
            }
        }
        throw new StorageUnavailableException("dataset " + datasetId + " changes too often: no version number was free "
                + "in " + CLAIM_ATTEMPTS + " attempts; nothing was changed", null);
    }
}
