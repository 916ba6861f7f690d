package dev.annotations.api.score;

import java.util.Optional;
import java.util.UUID;

/**
 * Whether a project's dataset holds an item, for checking a new score's DATASET_ITEM target. Datasets are the
 * dataset feature's, which sits above this one, so it implements this and the composition root hands it in.
 */
public interface DatasetItemExistence {
    /** Why the target names nothing — the field ({@code datasetId} or {@code itemId}) and a message — or empty. */
    Optional<Unknown> unknown(UUID projectId, String datasetId, String itemId);

    record Unknown(String field, String message) {
    }

    /** For graphs without datasets (some tests): every DATASET_ITEM target is taken as it is. */
    DatasetItemExistence ANY = (projectId, datasetId, itemId) -> Optional.empty();
}
