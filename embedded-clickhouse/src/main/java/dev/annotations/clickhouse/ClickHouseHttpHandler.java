package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * ClickHouse's HTTP interface in front of the embedded engine: the subset that the official JDBC
 * driver, curl and Grafana's ClickHouse datasource use. See the module README for what is supported.
 *
 * <p>A request is authenticated from its headers alone, on the request's virtual thread; only then is
 * its body read and its statement run, on an engine thread, so an unauthenticated client never holds one.
 */
final class ClickHouseHttpHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(ClickHouseHttpHandler.class.getName());
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final int SYNTAX_ERROR = 62;
    private static final int QUERY_WAS_CANCELLED = 394;

    private final HttpFront.Engine engine;
    private final Authenticator authenticator;
    private final SessionRegistry sessions;
    private final Semaphore statements;

    ClickHouseHttpHandler(HttpFront.Engine engine, Authenticator authenticator, SessionRegistry sessions,
                          Semaphore statements) {
        this.engine = engine;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.statements = statements;
    }

    /** A statement's answer, and the format it is in. */
    private record Answer(ChdbResult result, String format) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            handleExchange(exchange);
        }
    }

    private void handleExchange(HttpExchange exchange) throws IOException {
        String queryId = UUID.randomUUID().toString();
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/ping") || path.equals("/replicas_status")) {
                respondText(exchange, 200, "Ok.\n");
                return;
            }
            if (!path.equals("/")) {
                // a server answers an unknown handler path with a plain 404, not an exception
                respondText(exchange, 404, "There is no handle " + path
                        + "\n\nUse / or /ping for health checks.\nSend queries with POST / or GET /?query=...\n");
                return;
            }
            Map<String, String> parameters = QueryStringParser.parse(exchange.getRequestURI().getRawQuery());
            if (isLivenessCheck(exchange, parameters)) {
                // as a server's static root handler: no statement, so no credentials asked
                respondText(exchange, 200, "Ok.\n");
                return;
            }
            EmbeddedClickHouse.Account account = authenticator.authenticate(
                    RequestCredentials.from(exchange.getRequestHeaders(), parameters));
            HttpQueryRequest request = HttpQueryRequest.from(exchange.getRequestMethod(), exchange.getRequestHeaders(), parameters);
            queryId = request.queryId().orElse(queryId);
            if (!request.hasQuery()) {
                respondText(exchange, 200, "Ok.\n");
                return;
            }
            StatementGuard.requireSettings(request.settings().keySet(), account.user());
            if (account.access() == EmbeddedClickHouse.Access.READ_ONLY) {
                ReadOnlySettings.require(request, account.user());
            }
            Answer answer = onEngineThread(exchange, request, account);
            try (ChdbResult result = answer.result()) {
                respondResult(exchange, request, queryId, answer.format(), result);
            }
        } catch (ClickHouseException e) {
            respondError(exchange, queryId, e);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client connection failed", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "embedded engine request failed", e);
            respondError(exchange, queryId, new ClickHouseException(ClickHouseException.UNKNOWN_EXCEPTION,
                    "Code: 1002. DB::Exception: " + e + ". (UNKNOWN_EXCEPTION)"));
        }
    }

    private static boolean isLivenessCheck(HttpExchange exchange, Map<String, String> parameters) {
        return exchange.getRequestMethod().equalsIgnoreCase("GET") && parameters.getOrDefault("query", "").isEmpty();
    }

    /**
     * Reads the body and runs the statement on an engine thread; the answer outlives the engine connection,
     * so it is written out from the request's own thread. This port's share of the engine is taken first.
     */
    private Answer onEngineThread(HttpExchange exchange, HttpQueryRequest request, EmbeddedClickHouse.Account account)
            throws IOException {
        acquireShare();
        try {
            Future<Answer> answer = engine.threads().submit(() -> execute(exchange, request, account));
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discardWhenDone(answer);
                throw cancelled();
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            }
        } finally {
            statements.release();
        }
    }

    /** A statement cannot be stopped inside the engine: it finishes, and its answer is freed. */
    private static void discardWhenDone(Future<Answer> answer) {
        Thread.ofVirtual().start(() -> {
            try {
                answer.get().result().close();
            } catch (InterruptedException | ExecutionException ignored) {
                // nothing was answered, so nothing is left to free
            }
        });
    }

    private void acquireShare() {
        try {
            statements.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    private Answer execute(HttpExchange exchange, HttpQueryRequest request, EmbeddedClickHouse.Account account)
            throws IOException {
        try (Arena arena = Arena.ofConfined();
             InputStream body = request.decodedBody(exchange.getRequestBody())) {
            MemorySegment query = QueryAssembler.assemble(
                    request.queryPrefix(), body, request.bodyLength(), engine.maxRequestBytes(), arena);
            if (query.byteSize() == 0) {
                throw new ClickHouseException(SYNTAX_ERROR, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)");
            }
            // before any connection is touched, so nothing of a refused request runs
            SingleStatement.require(query);
            StatementGuard.require(query, account.user());
            SynchronousDrop.runWithoutWaiting(query);
            byte[] head = query.asSlice(0, Math.min(query.byteSize(), 64 * 1024 + 1)).toArray(ValueLayout.JAVA_BYTE);
            String format = OutputFormats.effectiveFormat(head, request.defaultFormat());
            if (request.sessionId().isPresent()) {
                SessionRegistry.Session session = sessions.acquire(account.user(), request.sessionId().get(),
                        request.sessionCheck());
                try {
                    return new Answer(run(session.connection, request, query, false), format);
                } finally {
                    // released before the answer goes out: the client may send the session's next request
                    // as soon as it has read this answer, and must not find the session still locked
                    sessions.release(session, request.sessionTimeoutSeconds());
                }
            }
            boolean readOnly = account.access() == EmbeddedClickHouse.Access.READ_ONLY;
            ChdbConnection connection = borrow();
            try {
                return new Answer(run(connection, request, query, readOnly), format);
            } finally {
                // readonly cannot be unset on a connection, and a SET or USE would outlive the request
                if (readOnly || ConnectionState.leavesState(head)) {
                    engine.pool().replace(connection);
                } else {
                    engine.pool().giveBack(connection);
                }
            }
        }
    }

    private ChdbConnection borrow() {
        try {
            return engine.pool().borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    private ChdbResult run(ChdbConnection connection, HttpQueryRequest request, MemorySegment query, boolean readOnly) {
        // A session keeps the database it was switched to; a pooled connection starts from "default".
        String database = request.database().orElse(
                request.sessionId().isPresent() ? connection.currentDatabase : ChdbConnection.DEFAULT_DATABASE);
        Optional<InlineInsert> insert = InlineInsert.find(query);
        Map<String, String> statementSettings = Map.of();
        if (!readOnly && insert.isPresent() && !insert.get().settingsClause()) {
            statementSettings = ConnectionState.applyAllButStatementSettings(connection, database, request.settings());
        } else {
            ConnectionState.apply(connection, database, request.settings());
        }
        if (readOnly) {
            ReadOnlySettings.enter(connection);
        }
        ChdbResult result = engine.spool().query(connection, query, insert, statementSettings, request.defaultFormat(),
                request.queryParameters());
        String error = result.error();
        if (error != null) {
            result.close();
            throw ClickHouseException.fromEngineMessage(error);
        }
        return result;
    }

    private static RuntimeException rethrown(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    private static ClickHouseException cancelled() {
        return new ClickHouseException(QUERY_WAS_CANCELLED, "Code: 394. DB::Exception: Query was cancelled. (QUERY_WAS_CANCELLED)");
    }

    private void respondResult(HttpExchange exchange, HttpQueryRequest request, String queryId, String format,
                               ChdbResult result) throws IOException {
        MemorySegment data = result.data();
        QueryStatistics statistics = result.statistics();
        Headers headers = exchange.getResponseHeaders();
        commonHeaders(headers, queryId);
        headers.set("Content-Type", OutputFormats.contentType(format));
        headers.set("X-ClickHouse-Format", format);
        headers.set("X-ClickHouse-Summary", summary(statistics, data.byteSize()));
        boolean gzip = request.wantsGzipResponse();
        if (gzip) {
            headers.set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(200, gzip || data.byteSize() == 0 ? (gzip ? 0 : -1) : data.byteSize());
        if (data.byteSize() == 0 && !gzip) {
            return;
        }
        OutputStream raw = exchange.getResponseBody();
        try (OutputStream out = gzip ? new GZIPOutputStream(raw, WRITE_CHUNK) : raw) {
            writeSegment(data, out);
        }
    }

    private static void writeSegment(MemorySegment data, OutputStream out) throws IOException {
        byte[] chunk = new byte[(int) Math.min(WRITE_CHUNK, data.byteSize())];
        for (long offset = 0; offset < data.byteSize(); offset += chunk.length) {
            int length = (int) Math.min(chunk.length, data.byteSize() - offset);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, chunk, 0, length);
            out.write(chunk, 0, length);
        }
    }

    private void commonHeaders(Headers headers, String queryId) {
        headers.set("X-ClickHouse-Query-Id", queryId);
        headers.set("X-ClickHouse-Timezone", engine.timezone());
        headers.set("X-ClickHouse-Server-Display-Name", "embedded-chdb");
    }

    private static String summary(QueryStatistics s, long resultBytes) {
        return "{\"read_rows\":\"" + s.readRows() + "\",\"read_bytes\":\"" + s.readBytes()
                + "\",\"written_rows\":\"" + s.writtenRows() + "\",\"written_bytes\":\"" + s.writtenBytes()
                + "\",\"total_rows_to_read\":\"" + s.readRows() + "\",\"result_rows\":\"0\",\"result_bytes\":\""
                + resultBytes + "\",\"elapsed_ns\":\"" + s.elapsedNanos() + "\"}";
    }

    private void respondError(HttpExchange exchange, String queryId, ClickHouseException e) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        commonHeaders(headers, queryId);
        headers.set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
        respondText(exchange, HttpStatusMapping.statusFor(e.code()),
                e.getMessage() + " (version " + engine.version() + ")\n");
    }

    private static void respondText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
