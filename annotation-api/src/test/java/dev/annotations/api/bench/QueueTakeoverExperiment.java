package dev.annotations.api.bench;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;

import java.util.UUID;

/**
 * How long a new owner's first {@code next} takes on a large queue: the lease is taken and the queue read in
 * full. A queue of N items (default 100 000) is filled through one instance, then {@code rounds} new instances
 * in turn each serve one {@code next} (the previous one gave its lease back on close). Prints one line per
 * takeover. Not a test: {@code ./bench queue-takeover}; run it on two builds alternately to compare them.
 */
public final class QueueTakeoverExperiment {
    private QueueTakeoverExperiment() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String database = TestService.freshDatabase();
        String admin = TestService.BOOTSTRAP_KEY;
        String queue;
        String key;
        try (AnnotationService service = TestService.start(database)) {
            ApiClient client = new ApiClient(service.port());
            String project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
            String config = client.postJson("/api/v1/score-configs", admin,
                    "{\"name\":\"h\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}").json().get("id").asText();
            key = client.postJson("/api/v1/projects/" + project + "/keys", admin,
                    "{\"name\":\"a\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
            queue = client.postJson("/api/v1/queues", admin, "{\"name\":\"q\",\"scoreConfigIds\":[\"" + config
                    + "\"],\"annotators\":[\"a\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1,"
                    + "\"reservationTimeoutSeconds\":600}").json().get("id").asText();
            long start = System.nanoTime();
            for (int added = 0; added < items; added += 1_000) {
                StringBuilder targets = new StringBuilder();
                for (int i = 0; i < Math.min(1_000, items - added); i++) {
                    targets.append(i == 0 ? "" : ",").append("{\"type\":\"TRACE\",\"traceId\":\"")
                            .append(UUID.randomUUID().toString().replace("-", "")).append("\"}");
                }
                ok(client.postJson("/api/v1/queues/" + queue + "/items", admin, "{\"targets\":[" + targets + "]}"));
            }
            System.out.printf("added %,d items in %.1f s%n", items, (System.nanoTime() - start) / 1e9);
        }
        for (int round = 0; round < rounds; round++) {
            try (AnnotationService service = TestService.start(database)) {
                ApiClient client = new ApiClient(service.port());
                long start = System.nanoTime();
                ApiClient.Response next = ok(client.postJson("/api/v1/queues/" + queue + "/next", key, "{}"));
                System.out.printf("takeover %d: first next in %.0f ms (load average %s)%n", round,
                        (System.nanoTime() - start) / 1e6, java.nio.file.Files.readString(
                                java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
                ok(client.postJson("/api/v1/queues/" + queue + "/items/" + next.json().get("item").get("id").asText()
                        + "/release", key, "{}"));
            }
        }
        System.exit(0);
    }

    private static ApiClient.Response ok(ApiClient.Response response) {
        if (response.status() >= 300) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
        return response;
    }
}
