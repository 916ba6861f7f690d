package dev.annotations.api;

import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.nio.file.Path;
import java.util.List;

/**
 * A ClickHouse "server" for fault tests: the embedded engine on a fixed loopback port with a user and
 * password, in a JVM of its own ({@link ChildEngine}) so a test can kill, freeze and restart it under a
 * service in server mode. Arguments: data directory, port, user, password.
 */
public final class EngineMain {
    /** Printed once the HTTP interface answers. */
    public static final String READY = "engine ready";

    private EngineMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // the fixed port is the engine's published one, with the one read-write account the tests log in with
        EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(Path.of(args[0]))
                .withPublished(new EmbeddedClickHouse.Published(Integer.parseInt(args[1]), List.of(
                        new EmbeddedClickHouse.Account(args[2], args[3], EmbeddedClickHouse.Access.READ_WRITE)))));
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        System.out.println(READY + " on " + engine.publishedUrl().orElseThrow());
        Thread.currentThread().join();
    }
}
