package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * ClickHouse's HTTP interface in front of the embedded engine: the subset that the official JDBC
 * driver, curl and Grafana's ClickHouse datasource use. See the module README for what is supported.
 */
final class ClickHouseHttpHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(ClickHouseHttpHandler.class.getName());
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final int SYNTAX_ERROR = 62;

    private final ConnectionPool pool;
    private final SessionRegistry sessions;
    private final InsertSpool spool;
    private final HttpCredentials credentials;
    private final long maxRequestBytes;
    private final String version;
    private final String timezone;

    ClickHouseHttpHandler(ConnectionPool pool, SessionRegistry sessions, InsertSpool spool,
                          HttpCredentials credentials, long maxRequestBytes, String version, String timezone) {
        this.pool = pool;
        this.sessions = sessions;
        this.spool = spool;
        this.credentials = credentials;
        this.maxRequestBytes = maxRequestBytes;
        this.version = version;
        this.timezone = timezone;
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
            HttpQueryRequest request = HttpQueryRequest.from(exchange.getRequestMethod(), exchange.getRequestHeaders(), parameters);
            queryId = request.queryId().orElse(queryId);
            credentials.check(request.user(), request.password());
            if (!request.hasQuery()) {
                respondText(exchange, 200, "Ok.\n");
                return;
            }
            execute(exchange, request, queryId);
        } catch (ClickHouseException e) {
            respondError(exchange, queryId, e);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client connection failed", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "embedded engine request failed", e);
            respondError(exchange, queryId, new ClickHouseException(ClickHouseException.UNKNOWN_EXCEPTION,
                    "Code: 1002. DB::Exception: " + e + ". (UNKNOWN_EXCEPTION)"));
        }
    }

    private void execute(HttpExchange exchange, HttpQueryRequest request, String queryId) throws IOException {
        try (Arena arena = Arena.ofConfined();
             InputStream body = request.decodedBody(exchange.getRequestBody())) {
            MemorySegment query = QueryAssembler.assemble(
                    request.queryPrefix(), body, request.bodyLength(), maxRequestBytes, arena);
            if (query.byteSize() == 0) {
                throw new ClickHouseException(SYNTAX_ERROR, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)");
            }
            // before any connection is touched, so nothing of a refused request runs
            SingleStatement.require(query);
            byte[] head = query.asSlice(0, Math.min(query.byteSize(), 64 * 1024 + 1)).toArray(ValueLayout.JAVA_BYTE);
            String format = OutputFormats.effectiveFormat(head, request.defaultFormat());
            ChdbResult result;
            if (request.sessionId().isPresent()) {
                SessionRegistry.Session session = sessions.acquire(request.sessionId().get(), request.sessionCheck());
                try {
                    result = run(session.connection, request, query);
                } finally {
                    // released before the answer goes out: the client may send the session's next request
                    // as soon as it has read this answer, and must not find the session still locked
                    sessions.release(session, request.sessionTimeoutSeconds());
                }
            } else {
                ChdbConnection connection = borrow();
                try {
                    result = run(connection, request, query);
                } finally {
                    if (ConnectionState.leavesState(head)) {
                        pool.replace(connection);
                    } else {
                        pool.giveBack(connection);
                    }
                }
            }
            // the result owns its bytes, so it outlives the connection's next use
            try (result) {
                respondResult(exchange, request, queryId, format, result);
            }
        }
    }

    private ChdbConnection borrow() {
        try {
            return pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException(394, "Code: 394. DB::Exception: Query was cancelled. (QUERY_WAS_CANCELLED)");
        }
    }

    private ChdbResult run(ChdbConnection connection, HttpQueryRequest request, MemorySegment query) {
        // A session keeps the database it was switched to; a pooled connection starts from "default".
        String database = request.database().orElse(
                request.sessionId().isPresent() ? connection.currentDatabase : ChdbConnection.DEFAULT_DATABASE);
        ConnectionState.apply(connection, database, request.settings());
        ChdbResult result = spool.query(connection, query, request.defaultFormat(), request.queryParameters());
        String error = result.error();
        if (error != null) {
            result.close();
            throw ClickHouseException.fromEngineMessage(error);
        }
        return result;
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
        headers.set("X-ClickHouse-Timezone", timezone);
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
                e.getMessage() + " (version " + version + ")\n");
    }

    private static void respondText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
