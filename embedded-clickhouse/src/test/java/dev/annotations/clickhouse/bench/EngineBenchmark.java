package dev.annotations.clickhouse.bench;

import dev.annotations.clickhouse.ChdbLibraryLocator;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import dev.annotations.clickhouse.RowBinaryWriter;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Measures the embedded engine in one run: start time, the round trip of a trivial query, and insert
 * throughput through the JDBC driver and the HTTP front against the same rows written straight into
 * the engine. Run it with {@code ./bench}; it is a plain main, not a test.
 *
 * <p>Arguments: the markdown report to write, then optionally the number of rows (default 1 000 000).
 */
public final class EngineBenchmark {
    private static final int WARM_UP = 500;
    private static final int ROUND_TRIPS = 2_000;

    private final EmbeddedClickHouse engine;
    private final BenchReport report;

    private EngineBenchmark(EmbeddedClickHouse engine, BenchReport report) {
        this.engine = engine;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench-results/embedded-clickhouse.md");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dataDirectory = Files.createTempDirectory("engine-benchmark");

        long startBegan = System.nanoTime();
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDirectory))) {
            Duration startTime = Duration.ofNanos(System.nanoTime() - startBegan);
            BenchReport report = new BenchReport(ChdbLibraryLocator.CHDB_VERSION, engine.version(), rows);
            report.add("engine start (first start, fresh data directory)", "%d ms".formatted(startTime.toMillis()));
            new EngineBenchmark(engine, report).run(rows);
            report.write(output);
            System.out.println(report.markdown());
            System.out.println("written to " + output.toAbsolutePath());
        } finally {
            deleteRecursively(dataDirectory);
        }
    }

    /** The three million benchmark rows are of no use afterwards. */
    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void run(int rows) throws Exception {
        measureRoundTrips();
        BenchSpan[] spans = BenchSpan.generate(rows);
        System.out.printf("generated %,d spans%n", rows);

        double jdbc = insertThroughJdbc("bench_jdbc", spans, credentials());
        report.add("insert, JDBC PreparedStatement batch (INSERT ... VALUES) over HTTP", rate(rows, jdbc));

        Properties rowBinaryWriter = credentials();
        // clickhouse-jdbc 0.9.9 DriverProperties.BETA_ROW_BINARY_WRITER: simple INSERT ... VALUES (?, ...)
        // statements are then encoded client-side as RowBinary instead of SQL text
        rowBinaryWriter.setProperty("beta.row_binary_for_simple_insert", "true");
        double jdbcRowBinary = insertThroughJdbc("bench_jdbc_rowbinary", spans, rowBinaryWriter);
        report.add("insert, JDBC batch with beta.row_binary_for_simple_insert=true", rate(rows, jdbcRowBinary));

        double[] direct = insertDirectly("bench_direct", spans);
        report.add("insert, directExecute RowBinary in one call (encode + insert)", rate(rows, direct[0] + direct[1])
                + " — encode %.2f s, engine %.2f s".formatted(direct[0], direct[1]));

        report.add("ratio direct / JDBC (VALUES)", "%.1f×".formatted(jdbc / (direct[0] + direct[1])));
        report.add("ratio direct / JDBC (RowBinary writer)", "%.1f×".formatted(jdbcRowBinary / (direct[0] + direct[1])));
    }

    private void measureRoundTrips() throws Exception {
        report.add("SELECT 1 direct (no HTTP): median / p99", time(() -> engine.directQuery("SELECT 1")).describe());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/?query="
                + URLEncoder.encode("SELECT 1", StandardCharsets.UTF_8)))
                .header("X-ClickHouse-User", engine.credentials().user())
                .header("X-ClickHouse-Key", engine.credentials().password()).build();
        report.add("SELECT 1 over HTTP (java.net.http): median / p99", time(() -> {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            check(response.body().equals("1\n"), "HTTP answered " + response.body());
            return response;
        }).describe());

        try (Connection connection = DriverManager.getConnection(engine.jdbcUrl("default"), credentials());
             Statement statement = connection.createStatement()) {
            report.add("SELECT 1 via JDBC (clickhouse-jdbc 0.9.9): median / p99", time(() -> {
                try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                    check(rs.next() && rs.getInt(1) == 1, "JDBC answered no 1");
                }
                return null;
            }).describe());
        }
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", engine.credentials().user());
        properties.setProperty("password", engine.credentials().password());
        return properties;
    }

    private static Latency time(Callable<?> call) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            call.call();
        }
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long began = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - began;
        }
        return Latency.of(nanos);
    }

    /** Seconds from the first bind to the end of executeBatch, for one batch of all rows. */
    private double insertThroughJdbc(String table, BenchSpan[] spans, Properties properties) throws SQLException {
        engine.directQuery(BenchSpan.createTable(table));
        System.gc();
        long began = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(engine.jdbcUrl("default"), properties);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + table + " (" + BenchSpan.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            System.out.println(table + ": " + insert.getClass().getSimpleName());
            for (BenchSpan span : spans) {
                span.bind(insert);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        verify(table, spans);
        return seconds;
    }

    /** Seconds to encode all rows as RowBinary, and seconds for the engine to take them in one call. */
    private double[] insertDirectly(String table, BenchSpan[] spans) {
        engine.directQuery(BenchSpan.createTable(table));
        System.gc();
        long began = System.nanoTime();
        RowBinaryWriter body = new RowBinaryWriter(spans.length * 200);
        body.raw(("INSERT INTO " + table + " (" + BenchSpan.COLUMNS + ") FORMAT RowBinary\n")
                .getBytes(StandardCharsets.UTF_8));
        for (BenchSpan span : spans) {
            span.writeTo(body);
        }
        byte[] statement = body.toByteArray();
        long encoded = System.nanoTime();
        engine.directExecute(statement);
        long inserted = System.nanoTime();
        verify(table, spans);
        return new double[] {(encoded - began) / 1e9, (inserted - encoded) / 1e9};
    }

    /** Every path must have written every row unchanged, or its number means nothing. */
    private void verify(String table, BenchSpan[] spans) {
        long durations = Arrays.stream(spans).mapToLong(BenchSpan::durationNanos).sum();
        long attributes = Arrays.stream(spans).mapToLong(span -> span.attributes().size()).sum();
        long lastNanos = spans[spans.length - 1].timestamp().getNano();
        String expected = spans.length + "\t" + durations + "\t" + attributes + "\t" + lastNanos + "\n";
        String actual = engine.directQuery("SELECT count(), sum(Duration), sum(length(SpanAttributes)), "
                + "toUnixTimestamp64Nano(max(Timestamp)) % 1000000000 FROM " + table);
        check(actual.equals(expected), table + " holds " + actual.strip() + ", expected " + expected.strip());
    }

    private static String rate(int rows, double seconds) {
        return "%,.0f rows/s (%.2f s)".formatted(rows / seconds, seconds);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
