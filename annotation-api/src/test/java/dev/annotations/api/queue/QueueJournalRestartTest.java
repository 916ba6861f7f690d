package dev.annotations.api.queue;

import dev.annotations.api.ApiClient;
import dev.annotations.api.ServiceProcess;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The service as users run it (its own JVM, the embedded engine, queue durability {@code journal} by default)
 * killed with {@code kill -9} while it owns a queue whose acknowledged submission is still only in its journal:
 * restarted on the same data directory it serves the queue at once — not 503 until the dead process's lease and
 * the takeover grace ran out (~27 s) — and the submission counts, its item served to nobody again.
 */
class QueueJournalRestartTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(240);
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;

    @Test
    void an_embedded_owner_killed_and_restarted_serves_its_queue_at_once_and_keeps_the_acknowledged_submission(
            @TempDir Path data) throws Exception {
        // nothing is loaded from the journal before the kill
        Map<String, String> environment = Map.of("ANNOTATION_DATA_DIR", data.toString(),
                "ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", "60000");
        String queue;
        String annotator;
        String submitted;
        long killedNanos;
        try (ServiceProcess first = ServiceProcess.start(environment)) {
            ApiClient client = new ApiClient(first.port(), Duration.ofSeconds(120));
            first.awaitReady(client, START_LIMIT);
            String project = client.get("/api/v1/projects", ADMIN).json().get("projects").get(0).get("id").asText();
            annotator = client.postJson("/api/v1/projects/" + project + "/keys", ADMIN,
                    "{\"name\":\"restart-annotator\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
            ApiClient.Response config = client.postJson("/api/v1/score-configs", ADMIN,
                    "{\"name\":\"helpfulness\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}");
            assertThat(config.status()).as(config.body()).isEqualTo(201);
            ApiClient.Response created = client.postJson("/api/v1/queues", ADMIN, "{\"name\":\"restart\","
                    + "\"scoreConfigIds\":[\"" + config.json().get("id").asText() + "\"],"
                    + "\"annotators\":[\"restart-annotator\"],\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1,"
                    + "\"reservationTimeoutSeconds\":600}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            queue = created.json().get("id").asText();
            ApiClient.Response items = client.postJson("/api/v1/queues/" + queue + "/items", ADMIN, "{\"targets\":["
                    + QueueFixture.traceTarget(QueueFixture.trace()) + "," + QueueFixture.traceTarget(QueueFixture.trace())
                    + "]}");
            assertThat(items.status()).as(items.body()).isEqualTo(200);

            ApiClient.Response next = client.postJson("/api/v1/queues/" + queue + "/next", annotator, "{}");
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            submitted = next.json().get("item").get("id").asText();
            ApiClient.Response submit = client.postJson("/api/v1/queues/" + queue + "/items/" + submitted + "/submit",
                    annotator, "{\"scores\":[{\"configId\":\"" + config.json().get("id").asText() + "\",\"value\":4}]}");
            assertThat(submit.status()).as(submit.body()).isEqualTo(201);
            assertThat(client.get("/health", null).json().get("queueJournal").get("pendingEvents").asLong())
                    .as("the acknowledged submission waits in the journal").isPositive();
            first.jvm().kill();
            killedNanos = System.nanoTime();
        }

        try (ServiceProcess second = ServiceProcess.start(environment)) {
            ApiClient client = new ApiClient(second.port(), Duration.ofSeconds(120));
            second.awaitReady(client, START_LIMIT);
            ApiClient.Response next = client.postJson("/api/v1/queues/" + queue + "/next", annotator, "{}");
            // renewed every 2 s until the kill, the dead lease and its grace last at least this long after it
            Duration refusedBefore = QueueOwnership.LEASE.minus(QueueOwnership.RENEW_AFTER)
                    .plus(AppConfig.Timeouts.socketTimeout(AppConfig.Timeouts.DEFAULT_WRITE_SECONDS));
            assumeThat(Duration.ofNanos(System.nanoTime() - killedNanos))
                    .as("the restart outlasted the dead lease and its grace, so this run cannot tell").isLessThan(refusedBefore);
            assertThat(next.status()).as("served at once by the restarted owner: %s", next.body()).isEqualTo(200);
            assertThat(next.json().get("item").get("id").asText()).as("the submitted item is not served again")
                    .isNotEqualTo(submitted);
            ApiClient.Response progress = client.get("/api/v1/queues/" + queue + "/progress", ADMIN);
            assertThat(progress.status()).as(progress.body()).isEqualTo(200);
            assertThat(progress.json().get("byStatus").get("COMPLETED").asInt()).as(progress.body()).isEqualTo(1);
            assertThat(second.jvm().stop(Duration.ofSeconds(60))).as(second.jvm().output()).isIn(0, 143);
        }
    }
}
