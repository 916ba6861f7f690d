package dev.annotations.api.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.UUID;

/**
 * An item of one dataset version. {@code input}, {@code expectedOutput}, {@code metadata} and {@code consensus}
 * are JSON text, written into answers as the JSON they are. {@code version} is the version that last changed it.
 */
public record DatasetItem(UUID id, @JsonRawValue String input, @JsonRawValue String expectedOutput,
                          @JsonRawValue String metadata, Source source, @JsonRawValue String consensus, int version,
                          Instant createdAt, String createdBy) {

    /** Where a filled item came from; every field null for items added by hand or imported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String traceId, String spanId, UUID queueId) {
        static final Source NONE = new Source(null, null, null);
    }
}
