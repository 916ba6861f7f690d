package dev.annotations.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.function.Predicate;

/**
 * The body of an error answer, in the form its path takes: RFC 9457 problem+json everywhere, except on
 * the OTLP receiver's paths, where every error but 415 is a {@code google.rpc.Status} in the request's
 * encoding, as the OTLP specification requires. A 415 stays problem+json there too: a request in an
 * encoding we do not speak cannot be answered in it (the README documents both).
 */
public final class ErrorBodies {
    /** An encoded error: its Content-Type and bytes. */
    public record Body(String contentType, byte[] bytes) {
    }

    private final ObjectMapper mapper;
    private final Predicate<String> rpcStatusPaths;

    /** @param rpcStatusPaths the paths whose errors are {@code google.rpc.Status} (the OTLP receiver's) */
    public ErrorBodies(ObjectMapper mapper, Predicate<String> rpcStatusPaths) {
        this.mapper = mapper;
        this.rpcStatusPaths = rpcStatusPaths;
    }

    public Body of(String path, String requestContentType, int status, String type, String title, String detail,
                   List<FieldError> errors) {
        if (path != null && rpcStatusPaths.test(path) && status != 415) {
            String contentType = RpcStatus.contentTypeFor(requestContentType);
            return new Body(contentType, RpcStatus.forHttp(status, detail).encode(contentType));
        }
        try {
            return new Body(ProblemDetails.CONTENT_TYPE, mapper.writeValueAsBytes(
                    new ProblemDetails(type, title, status, detail, path, errors)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
