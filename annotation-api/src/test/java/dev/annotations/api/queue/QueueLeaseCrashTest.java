package dev.annotations.api.queue;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestClock;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance dies holding a queue's lease and its annotators' claims: the other instance answers 503 (never a
 * wrong answer) while the lease lasts, takes the queue over once it expired, the claims come back, every
 * submission the dead instance acknowledged is stored with its scores, and the queue completes. Time moves by the
 * injected clock.
 */
class QueueLeaseCrashTest {
    private static final int ITEMS = 30;
    private static final int ANNOTATORS = 8;
    private static final int TIMEOUT_SECONDS = 120;

    @Test
    void a_queue_whose_owner_dies_returns_its_claims_after_the_lease_and_loses_no_acknowledged_submission() {
        String database = TestService.freshDatabase();
        TestClock clock = new TestClock();
        AnnotationService owner = TestService.start(database, clock);
        AnnotationService survivor = TestService.start(database, clock);
        boolean ownerDead = false;
        try (QueueFixture f = new QueueFixture(survivor, clock)) {
            Duration patience = Duration.ofSeconds(120);
            ApiClient toOwner = new ApiClient(owner.port(), patience);
            ApiClient toSurvivor = new ApiClient(survivor.port(), patience);
            List<String> names = new ArrayList<>();
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < ANNOTATORS; i++) {
                names.add("crash-annotator-" + i);
                members.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
            }
            Map<String, String> keys = new HashMap<>();
            names.forEach(name -> keys.put(name, f.key(name, "ANNOTATOR")));
            String queue = f.queue("crash", "LOAD_BALANCED", 1, TIMEOUT_SECONDS, false, members.toString(), "");
            f.addTraces(queue, ITEMS);
            List<QueueInvariantTest.Ack> acks = new CopyOnWriteArrayList<>();

            // the first claim makes `owner` the queue's owner; the survivor forwards its annotators' work there
            assertThat(toOwner.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}").status())
                    .isEqualTo(200);
            for (int round = 0; round < 2; round++) {
                for (String name : names) {
                    work(toSurvivor, queue, keys.get(name), name, f, acks, true);
                }
            }
            assertThat(acks).as("submissions acknowledged through the survivor, done by the owner").hasSize(2 * ANNOTATORS);
            String leaseAddress = f.service.storage().call(dsl -> dsl.fetchValue("SELECT address FROM "
                    + f.service.storage().qualified("annotation_queue_leases") + " WHERE queue_id = ?"
                    + " ORDER BY epoch DESC LIMIT 1", UUID.fromString(queue))).toString();
            assertThat(leaseAddress).endsWith(":" + owner.port());
            // every annotator now holds a claim on the owner, then it dies without storing or giving back anything
            for (String name : names) {
                assertThat(toSurvivor.postJson("/api/v1/queues/" + queue + "/next", keys.get(name), "{}").status())
                        .isEqualTo(200);
            }
            owner.crash();
            ownerDead = true;

            ApiClient.Response during = toSurvivor.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}");
            assertThat(during.status()).as("while the dead owner's lease lasts: %s", during.body()).isEqualTo(503);

            clock.advance(QueueOwnership.LEASE.plus(AppConfig.Timeouts.socketTimeout(
                    AppConfig.Timeouts.DEFAULT_WRITE_SECONDS)).plusSeconds(1));
            ApiClient.Response after = toSurvivor.postJson("/api/v1/queues/" + queue + "/next", keys.get(names.get(0)), "{}");
            assertThat(after.status()).as("the survivor took the queue over: %s", after.body()).isIn(200, 204);
            // claims the dead owner had stored expire with their reservations; those it had not are gone already
            clock.advance(Duration.ofSeconds(TIMEOUT_SECONDS + 1));

            for (int round = 0; round < 4 * ITEMS && completed(toSurvivor, queue, f) < ITEMS; round++) {
                String name = names.get(round % ANNOTATORS);
                work(toSurvivor, queue, keys.get(name), name, f, acks, false);
            }
            assertThat(completed(toSurvivor, queue, f)).isEqualTo(ITEMS);
            QueueInvariantTest.checkLog(survivor.storage(), UUID.fromString(queue), acks, ITEMS, 1);
        } finally {
            if (!ownerDead) {
                owner.close();
            }
        }
    }

    /**
     * Sends as a client would: a pooled connection the server already closed (a broken pipe on a busy machine) is
     * retried; `next` and `submit` are safe to repeat (the same reservation, or {@code alreadySubmitted}).
     */
    static ApiClient.Response post(ApiClient client, String path, String key, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.postJson(path, key, body);
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** One next and, when an item came, its submit. */
    static void work(ApiClient client, String queue, String key, String name, QueueFixture f,
                             List<QueueInvariantTest.Ack> acks, boolean mustSucceed) {
        ApiClient.Response next = post(client, "/api/v1/queues/" + queue + "/next", key, "{}");
        if (!mustSucceed && next.status() != 200) {
            return;
        }
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        String item = next.json().get("item").get("id").asText();
        ApiClient.Response submitted = post(client, "/api/v1/queues/" + queue + "/items/" + item + "/submit", key,
                "{\"scores\":[{\"configId\":\"" + f.helpfulness + "\",\"value\":3}]}");
        if (mustSucceed) {
            assertThat(submitted.status()).as(submitted.body()).isIn(200, 201);
        }
        QueueInvariantTest.record(acks, submitted, item, name);
    }

    static int completed(ApiClient client, String queue, QueueFixture f) {
        ApiClient.Response progress = client.get("/api/v1/queues/" + queue + "/progress", f.admin);
        return progress.status() == 200 ? progress.json().get("byStatus").get("COMPLETED").asInt() : -1;
    }
}
