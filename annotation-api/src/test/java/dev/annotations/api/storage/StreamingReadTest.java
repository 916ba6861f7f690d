package dev.annotations.api.storage;

import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming reads hold no result in memory: a child JVM with a 64 MiB heap streams 1 000 000 rows of
 * ~210 bytes (≈ 210 MB as text, far more as Java objects) both as records and as ClickHouse's own CSV.
 */
class StreamingReadTest {
    private static final long ROWS = 1_000_000;
    /** The child's heap: a tenth of what the rows take as text. */
    private static final String HEAP = "-Xmx64m";

    @Test
    void a_million_rows_stream_through_a_64_mib_heap() throws IOException, InterruptedException {
        String url = TestService.config(TestService.freshDatabase()).clickhouseUrl().orElseThrow();
        SharedClickHouse.engine();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), HEAP, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), StreamingReadProbe.class.getName(),
                url, "default", Long.toString(ROWS)))
                .redirectErrorStream(true);
        // the engine's password travels in the child's environment, not on its command line
        builder.environment().put("CLICKHOUSE_USER", SharedClickHouse.engine().credentials().user());
        builder.environment().put("CLICKHOUSE_PASSWORD", SharedClickHouse.engine().credentials().password());
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // generous: 1 M rows twice through HTTP on a busy 2-core machine take seconds, not minutes
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        long sum = ROWS * (ROWS - 1) / 2;
        assertThat(output).as(output).contains("rows=" + ROWS + " seen=" + ROWS + " sum=" + sum)
                .contains("csvLines=" + (ROWS + 1));
    }
}
