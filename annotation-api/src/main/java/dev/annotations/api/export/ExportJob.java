package dev.annotations.api.export;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.UUID;

/**
 * An export written to a file in the background: {@code state} RUNNING, DONE, FAILED or EXPIRED; {@code rows} the
 * rows it holds (known when it starts), {@code bytesWritten} so far; the file is kept until {@code expiresAt}.
 */
public record ExportJob(UUID id, String kind, String format, String request, String state, long rows,
                        long bytesWritten, String error, @JsonIgnore String instance, Instant createdAt,
                        String createdBy, Instant updatedAt, Instant expiresAt) {

    ExportJob progressed(String newState, long newBytes, String newError, Instant at) {
        return new ExportJob(id, kind, format, request, newState, rows, newBytes, newError, instance, createdAt,
                createdBy, at, expiresAt);
    }

    /** Where the finished file is downloaded. */
    @com.fasterxml.jackson.annotation.JsonProperty("download")
    public String download() {
        return "DONE".equals(state) ? "/api/v1/exports/" + id + "/download" : null;
    }
}
