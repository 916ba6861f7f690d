package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database where an older Collector created {@code otel_traces_trace_id_ts} as a plain MergeTree with
 * {@code Start DateTime, End DateTime}: one row per insert, several per trace. The service creates
 * Collector tables only when absent, so it reads this one as it is.
 */
class OlderTraceIdTsTest {
    private static TraceFixture fixture;
    private static String db;

    @BeforeAll
    static void start() {
        String database = TestService.freshDatabase();
        db = "`" + database + "`";
        EmbeddedClickHouse engine = SharedClickHouse.engine();
        engine.directQuery("CREATE DATABASE " + db);
        engine.directQuery(otelTracesDdl());
        engine.directQuery("CREATE TABLE " + db + ".otel_traces_trace_id_ts (TraceId String CODEC(ZSTD(1)), "
                + "Start DateTime CODEC(Delta, ZSTD(1)), End DateTime CODEC(Delta, ZSTD(1)), "
                + "INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1) "
                + "ENGINE = MergeTree() ORDER BY (TraceId, toUnixTimestamp(Start))");
        engine.directQuery("CREATE MATERIALIZED VIEW " + db + ".otel_traces_trace_id_ts_mv TO " + db + ".otel_traces_trace_id_ts "
                + "AS SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End FROM " + db + ".otel_traces "
                + "WHERE TraceId != '' GROUP BY TraceId");
        fixture = new TraceFixture(database);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** otel_traces exactly as the migration creates it: its first statement. */
    private static String otelTracesDdl() {
        try (InputStream in = OlderTraceIdTsTest.class.getResourceAsStream("/db/migration/V001__collector_tables.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return script.substring(0, script.indexOf("\n;")).replace("${db}", db).replace("${onCluster}", "")
                    .replace("${tracesTable}", "otel_traces")
                    .replace("${MergeTree}", "MergeTree");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_trace_inserted_in_two_batches_has_two_lookup_rows_and_is_read_whole() {
        String trace = TestSpan.traceId();
        Instant start = Instant.parse("2026-11-20T10:00:00.5Z");
        fixture.insert(TestSpan.of(trace, "0000000000000001", start).name("root").duration(20_000_000_000L));
        fixture.insert(TestSpan.of(trace, "0000000000000002", start.plusSeconds(10)).parent("0000000000000001").name("late child"));

        JsonNode body = fixture.get("/api/v1/traces/" + trace);

        assertThat(engineOf("otel_traces_trace_id_ts")).isEqualTo("MergeTree");
        long lookupRows = fixture.service.storage().call(dsl -> ((Number) dsl.fetchValue("SELECT count() FROM " + db
                + ".otel_traces_trace_id_ts WHERE TraceId = ?", trace)).longValue());
        assertThat(lookupRows).isEqualTo(2);
        assertThat(body.get("spanCount").asInt()).isEqualTo(2);
        assertThat(body.get("spans").get(0).get("children").get(0).get("name").asText()).isEqualTo("late child");
    }

    @Test
    void an_unknown_trace_still_answers_404() {
        assertThat(fixture.client.get("/api/v1/traces/" + TestSpan.traceId(), fixture.viewer).status()).isEqualTo(404);
    }

    private static String engineOf(String table) {
        return fixture.service.storage().call(dsl -> (String) dsl.fetchValue(
                "SELECT engine FROM system.tables WHERE database = ? AND name = ?",
                fixture.service.storage().database(), table));
    }
}
