package dev.annotations.api;

import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One embedded engine for every test of this JVM (chDB boots once per process). Services under test
 * reach it over its ClickHouse HTTP interface, exactly as they reach a server, each in a database of
 * its own so tests do not see each other's rows.
 */
public final class SharedClickHouse {
    private static EmbeddedClickHouse engine;

    private SharedClickHouse() {
    }

    public static synchronized EmbeddedClickHouse engine() {
        if (engine == null) {
            try {
                engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(
                        Files.createTempDirectory("annotation-api-test-clickhouse")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }
}
