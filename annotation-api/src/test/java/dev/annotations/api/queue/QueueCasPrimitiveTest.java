package dev.annotations.api.queue;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.TestService;
import dev.annotations.api.storage.ClickHouseStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primitive the claim protocol stands on: through the very JDBC path the service uses, concurrent
 * INSERTs carrying the same insert_deduplication_token store exactly one row.
 */
class QueueCasPrimitiveTest {
    private static AnnotationService service;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void concurrent_inserts_with_one_token_store_exactly_one_row_per_token() throws Exception {
        ClickHouseStorage storage = service.storage();
        UUID project = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        int tokens = 30;
        int contenders = 16;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Callable<Void>> inserts = new ArrayList<>();
            for (int t = 0; t < tokens; t++) {
                UUID item = new UUID(0, t);
                for (int c = 0; c < contenders; c++) {
                    String actor = "contender-" + c;
                    inserts.add(() -> {
                        String row = "{\"project_id\":\"" + project + "\",\"queue_id\":\"" + queue + "\",\"item_id\":\""
                                + item + "\",\"at\":\"2026-11-25 10:00:00.000\",\"event_id\":\"" + UUID.randomUUID()
                                + "\",\"type\":\"CLAIMED\",\"annotator\":\"" + actor + "\",\"actor\":\"" + actor
                                + "\",\"seq\":0,\"review_seq\":-1,\"expires_at\":null,\"reason\":\"\"}\n";
                        storage.insertJsonEachRow("annotation_queue_events", row.getBytes(StandardCharsets.UTF_8),
                                "claim:" + queue + ":" + item + ":0");
                        return null;
                    });
                }
            }
            for (Future<Void> done : pool.invokeAll(inserts)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> perToken = storage.call(dsl -> dsl.fetch("SELECT count() FROM `" + storage.database()
                        + "`.annotation_queue_events WHERE queue_id = ? GROUP BY item_id", queue)
                .map(record -> ((Number) record.get(0)).longValue()));
        assertThat(perToken).hasSize(tokens).containsOnly(1L);
    }
}
