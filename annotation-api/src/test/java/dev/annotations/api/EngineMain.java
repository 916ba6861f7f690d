package dev.annotations.api;

import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.nio.file.Path;

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
        EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(Path.of(args[0]))
                .withPort(Integer.parseInt(args[1])).withCredentials(args[2], args[3]));
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        System.out.println(READY + " on port " + engine.port());
        Thread.currentThread().join();
    }
}
