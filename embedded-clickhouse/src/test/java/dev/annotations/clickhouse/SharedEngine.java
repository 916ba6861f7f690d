package dev.annotations.clickhouse;

import dev.annotations.clickhouse.EmbeddedClickHouse.Access;
import dev.annotations.clickhouse.EmbeddedClickHouse.Account;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine for all tests of this JVM (chDB boots once per process), on a fresh data directory, with a
 * published port of its own accounts next to the private one. Tests that restart it leave it running again.
 */
final class SharedEngine {
    /** A read-write account of the published port. */
    static final Account PUBLISHER = new Account("publisher", "publisher-password-for-tests", Access.READ_WRITE);
    /** A read-only account of the published port, as Grafana would use it. */
    static final Account GRAFANA = new Account("grafana", "grafana-password-for-tests", Access.READ_ONLY);

    private static EmbeddedClickHouse engine;
    private static Path dataDirectory;

    private SharedEngine() {
    }

    static synchronized EmbeddedClickHouse get() {
        if (engine == null) {
            try {
                dataDirectory = Files.createTempDirectory("embedded-clickhouse-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            engine = EmbeddedClickHouse.start(options());
            // each test JVM would otherwise leave tens of megabytes under /tmp
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.close();
                try {
                    PathUtils.deleteDirectory(dataDirectory);
                } catch (IOException e) {
                    System.err.println("could not delete " + dataDirectory + ": " + e);
                }
            }));
        }
        return engine;
    }

    /** Shuts the engine down and boots it again on the same data directory. */
    static synchronized EmbeddedClickHouse restart() {
        get().close();
        engine = EmbeddedClickHouse.start(options());
        return engine;
    }

    /** The published port, as another process would reach it with {@code account}. */
    static ClickHouseHttp published(Account account) {
        return new ClickHouseHttp(get().publishedUrl().orElseThrow(), account);
    }

    private static EmbeddedClickHouse.Options options() {
        return EmbeddedClickHouse.Options.defaults(dataDirectory)
                .withPublished(new EmbeddedClickHouse.Published(0, List.of(PUBLISHER, GRAFANA)));
    }
}
