package dev.annotations.api.export;

import dev.annotations.api.ApiClient;
import dev.annotations.api.ChildJvm;
import dev.annotations.api.Main;
import dev.annotations.api.Polling;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import dev.annotations.api.storage.ClickHouseStorage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 000 000-row score export streams through a service whose heap is far smaller than the export: the service
 * runs in a JVM of its own with {@value #HEAP_MIB} MiB of heap, and the export (≈ 400 MB as CSV, far more as Java
 * objects) must arrive whole, in every format. The JVM's own GC log gives the most heap ever in use, which must
 * stay under the heap (holding the rows would end in OutOfMemoryError long before).
 */
class ScoreExportHeapTest {
    private static final long ROWS = 1_000_000;
    static final int HEAP_MIB = 64;
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Test
    void a_million_row_score_export_streams_through_a_64_mib_heap() throws Exception {
        String database = TestService.freshDatabase();
        AppConfig config = TestService.config(database);
        Map<String, String> env = new HashMap<>();
        env.put("ANNOTATION_PORT", Integer.toString(ChildJvm.freePort()));
        env.put("ANNOTATION_HOST", "127.0.0.1");
        env.put("ANNOTATION_BOOTSTRAP_ADMIN_KEY", TestService.BOOTSTRAP_KEY);
        env.put("ANNOTATION_DATA_DIR", Files.createTempDirectory("export-heap").toString());
        env.put("CLICKHOUSE_URL", config.clickhouseUrl().orElseThrow());
        env.put("CLICKHOUSE_DATABASE", database);
        env.put("CLICKHOUSE_USER", SharedClickHouse.engine().credentials().user());
        env.put("CLICKHOUSE_PASSWORD", SharedClickHouse.engine().credentials().password());
        int port = Integer.parseInt(env.get("ANNOTATION_PORT"));
        try (ChildJvm child = ChildJvm.start(Main.class.getName(), List.of("-Xmx" + HEAP_MIB + "m", "-Xlog:gc:stdout"), env)) {
            ApiClient client = new ApiClient(port, Duration.ofSeconds(120));
            Polling.until(Duration.ofMinutes(3), "the service is ready:\n" + child.output(), () -> {
                assertThat(child.isAlive()).as(child.output()).isTrue();
                try {
                    return client.get("/ready", null).status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            UUID project = UUID.fromString(client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json()
                    .get("projects").get(0).get("id").asText());
            try (ClickHouseStorage storage = ClickHouseStorage.open(config)) {
                SyntheticScores.insert(storage, project, ROWS);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            for (String format : List.of("csv", "jsonl", "parquet")) {
                HttpRequest request = client.request("/api/v1/exports/scores?format=" + format, TestService.BOOTSTRAP_KEY)
                        .timeout(Duration.ofMinutes(10)).GET().build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                long[] counted = count(response.body());
                if (format.equals("parquet")) {
                    assertThat(counted[0]).as("parquet bytes").isGreaterThan(ROWS * 10);
                } else {
                    // CSV: the header, then one line per row (comments hold no line breaks)
                    assertThat(counted[1]).as(format + " lines").isEqualTo(format.equals("csv") ? ROWS + 1 : ROWS);
                }
            }
            assertThat(child.isAlive()).as(child.output()).isTrue();
            long peak = peakHeapMiB(child.output());
            System.out.println("score export heap: peak " + peak + " MiB of " + HEAP_MIB + " MiB");
            assertThat(peak).as(child.output()).isLessThanOrEqualTo(HEAP_MIB);
            assertThat(child.output()).doesNotContain("OutOfMemoryError");
        }
    }

    /** Bytes and newlines. */
    private static long[] count(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        long lines = 0;
        try (in) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[]{bytes, lines};
    }

    /** The most heap in use before any collection, from {@code -Xlog:gc} lines such as {@code 24M->3M(64M)}. */
    static long peakHeapMiB(String gcLog) {
        Matcher heap = GC_HEAP.matcher(gcLog);
        long peak = 0;
        while (heap.find()) {
            peak = Math.max(peak, Long.parseLong(heap.group(1)));
        }
        return peak;
    }
}
