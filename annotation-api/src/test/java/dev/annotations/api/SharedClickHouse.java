package dev.annotations.api;

import dev.annotations.clickhouse.EmbeddedClickHouse;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            Path dataDirectory;
            try {
                dataDirectory = Files.createTempDirectory("annotation-api-test-clickhouse");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(dataDirectory));
            // each test JVM would otherwise leave tens of megabytes under /tmp
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                engine.close();
                deleteQuietly(dataDirectory);
            }));
        }
        return engine;
    }

    private static void deleteQuietly(Path directory) {
        try {
            PathUtils.deleteDirectory(directory);
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
