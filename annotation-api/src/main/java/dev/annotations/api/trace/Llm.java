package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a span says about a model call, for display (OpenTelemetry GenAI conventions, every generation
 * instrumentations still emit; see {@link LlmExtractor}). {@code input} and {@code output} are JSON as
 * recorded: usually an array of messages.
 */
public record Llm(String operation, String provider, String requestModel, String responseModel, JsonNode input,
                  JsonNode output, Usage usage) {

    public record Usage(Long inputTokens, Long outputTokens, Long totalTokens) {
    }

    boolean isEmpty() {
        return operation == null && provider == null && requestModel == null && responseModel == null
                && input == null && output == null && usage == null;
    }
}
