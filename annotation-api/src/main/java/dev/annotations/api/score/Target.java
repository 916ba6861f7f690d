package dev.annotations.api.score;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a score judges; only the ids its type needs are set. Trace ids are 32 and span ids 16 lowercase
 * hex characters, as OpenTelemetry and the Collector's tables write them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(TargetType type, String traceId, String spanId, String sessionId, String datasetId,
                     String itemId, Integer documentPosition) {
}
