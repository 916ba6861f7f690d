package dev.annotations.api.dataset;

import dev.annotations.api.score.DatasetItemExistence;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.ExpiringCache;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers the score feature's question whether a DATASET_ITEM target names an item of one of the project's
 * datasets (in any committed version: a score may judge an item a later version removed). Found items are
 * remembered for {@link #CACHE_TTL} (versions are immutable, so the answer cannot turn false); unknown ones are
 * asked again every time.
 */
public final class DatasetDirectory implements DatasetItemExistence {
    public static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 100_000;

    private record Key(UUID projectId, UUID datasetId, UUID itemId) {
    }

    private final DatasetRepository datasets;
    private final ExpiringCache<Key, Optional<Boolean>> cache;

    public DatasetDirectory(ClickHouseStorage storage, Clock clock) {
        this.datasets = new DatasetRepository(storage);
        this.cache = new ExpiringCache<>(clock, CACHE_TTL, CACHE_SIZE);
    }

    @Override
    public Optional<Unknown> unknown(UUID projectId, String datasetId, String itemId) {
        Optional<UUID> dataset = uuid(datasetId);
        if (dataset.isEmpty()) {
            return Optional.of(new Unknown("datasetId", "is not a dataset id (a UUID from POST /api/v1/datasets)"));
        }
        Optional<UUID> item = uuid(itemId);
        if (item.isEmpty()) {
            return Optional.of(new Unknown("itemId", "is not a dataset item id (a UUID)"));
        }
        Key key = new Key(projectId, dataset.get(), item.get());
        if (cache.get(key, ignored -> Optional.empty()).isPresent()) {
            return Optional.empty();
        }
        if (datasets.find(projectId, dataset.get()).isEmpty()) {
            return Optional.of(new Unknown("datasetId", "no dataset " + datasetId + " in this project"));
        }
        if (!datasets.itemEverCommitted(projectId, dataset.get(), item.get())) {
            return Optional.of(new Unknown("itemId", "dataset " + datasetId + " has no item " + itemId));
        }
        cache.get(key, ignored -> Optional.of(Boolean.TRUE));
        return Optional.empty();
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
