package dev.annotations.api.scoreconfig;

import java.util.UUID;

/**
 * What the live scores of a config hold. Scores are the score feature's table, and that feature sits above
 * this one, so it implements this and the composition root hands it in.
 */
@FunctionalInterface
public interface ConfigUsageSource {
    ConfigUsage usage(UUID projectId, UUID configId);
}
