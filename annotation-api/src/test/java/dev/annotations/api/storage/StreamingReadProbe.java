package dev.annotations.api.storage;

import com.clickhouse.data.ClickHouseFormat;
import dev.annotations.api.TestService;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a JVM of its own with a small heap by {@link StreamingReadTest}: streams a large result both ways
 * and prints what arrived. Holding the result in memory would end it with OutOfMemoryError.
 * Arguments: ClickHouse URL, database, rows; the credentials come in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
 */
public final class StreamingReadProbe {
    private StreamingReadProbe() {
    }

    public static void main(String[] args) {
        String url = args[0];
        long rows = Long.parseLong(args[2]);
        Map<String, String> credentials = Map.of("CLICKHOUSE_USER", System.getenv("CLICKHOUSE_USER"),
                "CLICKHOUSE_PASSWORD", System.getenv("CLICKHOUSE_PASSWORD"));
        try (ClickHouseStorage storage = ClickHouseStorage.open(TestService.config(args[1], url, credentials))) {
            AtomicLong seen = new AtomicLong();
            AtomicLong sum = new AtomicLong();
            long streamed = storage.stream(dsl -> dsl.resultQuery(
                    "SELECT number, repeat('x', 200) FROM numbers({0})", DSL.val(rows))
                    .coerce(DSL.field("number", Long.class), DSL.field("padding", String.class)),
                    (Record2<Long, String> row) -> {
                        seen.incrementAndGet();
                        sum.addAndGet(row.value1());
                    });
            CountingStream csv = new CountingStream();
            long bytes = storage.streamFormatted("SELECT number, repeat('x', 200) AS padding FROM numbers({rows:UInt64})",
                    Map.of("rows", rows), ClickHouseFormat.CSVWithNames, csv);
            System.out.println("rows=" + streamed + " seen=" + seen + " sum=" + sum + " csvBytes=" + bytes
                    + " csvLines=" + csv.lines + " maxHeap=" + Runtime.getRuntime().maxMemory());
        }
    }

    private static final class CountingStream extends OutputStream {
        long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
