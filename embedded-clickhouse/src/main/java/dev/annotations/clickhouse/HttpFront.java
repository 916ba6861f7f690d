package dev.annotations.clickhouse;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One port of the engine's HTTP interface: its accounts, its sessions, its connections.
 *
 * <p>Requests are read on virtual threads, so connections that are slow to send their headers cost no
 * thread a statement needs (the JDK server reads headers on the executor it is given); statements run on
 * the engine's platform threads, because a native chDB call would pin a virtual thread's carrier.
 */
final class HttpFront {
    /** What both ports share. */
    record Engine(ConnectionPool pool, InsertSpool spool, ExecutorService threads, long maxRequestBytes,
                  String version, String timezone, Supplier<ChdbConnection> opener) {
    }

    private static final int BACKLOG = 128;

    private final HttpServer server;
    private final ExecutorService requests;
    private final SessionRegistry sessions;

    private HttpFront(HttpServer server, ExecutorService requests, SessionRegistry sessions) {
        this.server = server;
        this.requests = requests;
        this.sessions = sessions;
    }

    /**
     * @param maxStatements how many of this port's statements may hold the engine at once
     */
    static HttpFront start(String name, String host, int port, List<EmbeddedClickHouse.Account> accounts,
                           Engine engine, int maxStatements) throws IOException {
        SessionRegistry sessions = new SessionRegistry(engine.opener(), System::nanoTime);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        ExecutorService requests = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("clickhouse-http-" + name + "-", 0).factory());
        server.createContext("/", new ClickHouseHttpHandler(engine, new Authenticator(accounts), sessions,
                new Semaphore(maxStatements)));
        server.setExecutor(requests);
        server.start();
        return new HttpFront(server, requests, sessions);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    SessionRegistry sessions() {
        return sessions;
    }

    /** Stops accepting, gives running requests a second, then waits for the ones still answering. */
    void stop() {
        server.stop(1);
        requests.shutdown();
        try {
            requests.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
