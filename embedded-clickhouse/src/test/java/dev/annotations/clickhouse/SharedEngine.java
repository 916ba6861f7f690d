package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One engine for all tests of this JVM (chDB boots once per process), on a fresh data directory.
 * Tests that restart it leave it running again.
 */
final class SharedEngine {
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
            engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDirectory));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> engine.close()));
        }
        return engine;
    }

    /** Shuts the engine down and boots it again on the same data directory. */
    static synchronized EmbeddedClickHouse restart() {
        get().close();
        engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDirectory));
        return engine;
    }
}
