package dev.annotations.api.queue;

import dev.annotations.api.http.ApiProblem;
import io.javalin.http.Context;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * HTTP only: hands a queue's work request to the instance that owns the queue's lease and relays its answer
 * (README, "Queues: the claim protocol"). The caller's own credentials go along, so the owner checks them itself.
 */
final class QueueForwarder {
    /** Marks a forwarded request: an instance that does not own the queue answers it 421, never forwards again. */
    static final String FORWARDED = "X-Annotation-Forwarded";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the owner's own bound on a durable change ({@link QueueDesk#DURABLE_WAIT}) plus a score write. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> RELAYED = List.of("Content-Type", "Location", "Retry-After");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    /** Whether {@code ctx} came from another instance. */
    static boolean forwarded(Context ctx) {
        return ctx.header(FORWARDED) != null;
    }

    /** The answer a non-owner gives a forwarded request: the forwarder reads the lease again. */
    static ApiProblem misdirected() {
        return new ApiProblem(421, "/problems/queue-owner-changing", "Not the queue's owner",
                "this instance does not own the queue's lease; retry", List.of());
    }

    /**
     * Relays the request to {@code address}; 503 (and {@code onFailure}, so the lease is read again) when the
     * owner does not answer or no longer owns the queue.
     */
    void forward(Context ctx, String address, Runnable onFailure) {
        String query = ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address + ctx.path()
                        + (query == null || query.isEmpty() ? "" : "?" + query)))
                .timeout(ANSWER_TIMEOUT)
                .header(FORWARDED, "1")
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String contentType = ctx.header("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            onFailure.run();
            throw unavailable("the instance owning the queue did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while forwarding to the queue's owner");
        }
        if (response.statusCode() == 421) {
            onFailure.run();
            throw unavailable("the queue's owner changed");
        }
        ctx.status(response.statusCode());
        for (String header : RELAYED) {
            response.headers().firstValue(header).ifPresent(value -> ctx.header(header, value));
        }
        if (response.body().length > 0) {
            ctx.result(response.body());
        }
    }

    private static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "/problems/queue-owner-changing", "The queue's owner is changing",
                detail + "; retry", List.of());
    }
}
