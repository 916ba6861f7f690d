package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * One request to the HTTP interface, split the way ClickHouse splits it: reserved parameters
 * (query, database, format, ids, credentials, session), {@code param_*} query parameters, and every
 * other URL parameter as a query setting. The credentials are {@link RequestCredentials}' business.
 */
record HttpQueryRequest(
        boolean post,
        String urlQuery,
        Optional<String> database,
        String defaultFormat,
        Optional<String> queryId,
        Optional<String> sessionId,
        boolean sessionCheck,
        int sessionTimeoutSeconds,
        Map<String, String> queryParameters,
        Map<String, String> settings,
        String contentEncoding,
        long declaredLength,
        boolean wantsGzipResponse) {

    private static final Set<String> RESERVED = Set.of(
            "query", "database", "default_format", "query_id", "session_id", "session_timeout", "session_check",
            "compress", "decompress", "user", "password", "quota_key", "buffer_size", "role", "stacktrace",
            "client_protocol_version", "enable_http_compression",
            // the whole result is always buffered before it is sent, as with wait_end_of_query=1
            "wait_end_of_query");
    private static final int NOT_IMPLEMENTED = 48;
    private static final int BAD_ARGUMENTS = 36;

    static HttpQueryRequest from(String method, Headers headers, Map<String, String> parameters) {
        rejectNativeCompression(parameters);
        Map<String, String> queryParameters = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.startsWith("param_")) {
                queryParameters.put(name.substring("param_".length()), parameter.getValue());
            } else if (!RESERVED.contains(name)) {
                settings.put(name, parameter.getValue());
            }
        }
        Optional<String> database = Optional.ofNullable(
                firstNonNull(parameters.get("database"), headers.getFirst("X-ClickHouse-Database")));
        String format = firstNonNull(parameters.get("default_format"), headers.getFirst("X-ClickHouse-Format"),
                OutputFormats.DEFAULT_FORMAT);
        String encoding = Optional.ofNullable(headers.getFirst("Content-Encoding")).orElse("").trim().toLowerCase(Locale.ROOT);
        String lengthHeader = headers.getFirst("Content-Length");
        long declared = lengthHeader == null ? -1 : Long.parseLong(lengthHeader.trim());
        boolean gzipResponse = "1".equals(parameters.get("enable_http_compression"))
                && Optional.ofNullable(headers.getFirst("Accept-Encoding")).orElse("").contains("gzip");
        return new HttpQueryRequest(
                method.equalsIgnoreCase("POST"),
                parameters.get("query"),
                database,
                format,
                Optional.ofNullable(firstNonNull(parameters.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id")))
                        .filter(id -> !id.isEmpty()),
                Optional.ofNullable(parameters.get("session_id")).filter(id -> !id.isEmpty()),
                "1".equals(parameters.get("session_check")),
                sessionTimeout(parameters.get("session_timeout")),
                queryParameters,
                settings,
                encoding,
                declared,
                gzipResponse);
    }

    /** A request without a statement (for example {@code GET /}) is a liveness check answered with "Ok.". */
    boolean hasQuery() {
        return (urlQuery != null && !urlQuery.isEmpty()) || (post && declaredLength != 0);
    }

    /** The URL query followed by a newline, as ClickHouse joins it to the body. */
    byte[] queryPrefix() {
        if (urlQuery == null || urlQuery.isEmpty()) {
            return new byte[0];
        }
        return (urlQuery + (post ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
    }

    /** The body length after decompression, or -1 when it is only known by reading. */
    long bodyLength() {
        if (!post) {
            return 0;
        }
        return contentEncoding.isEmpty() || contentEncoding.equals("identity") ? declaredLength : -1;
    }

    InputStream decodedBody(InputStream raw) throws IOException {
        return switch (contentEncoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> new GZIPInputStream(raw, 64 * 1024);
            case "deflate" -> new InflaterInputStream(raw);
            default -> throw new ClickHouseException(NOT_IMPLEMENTED, "Code: 48. DB::Exception: Content-Encoding "
                    + contentEncoding + " is not supported by the embedded engine (use gzip, deflate or none). "
                    + "(NOT_IMPLEMENTED)");
        };
    }

    private static void rejectNativeCompression(Map<String, String> parameters) {
        if ("1".equals(parameters.get("compress")) || "1".equals(parameters.get("decompress"))) {
            throw new ClickHouseException(NOT_IMPLEMENTED, "Code: 48. DB::Exception: ClickHouse's native LZ4 "
                    + "framing (compress=1 / decompress=1) is not supported by the embedded engine: configure the "
                    + "client with compression off (clickhouse-jdbc: compress=false) or use HTTP gzip "
                    + "(enable_http_compression=1). (NOT_IMPLEMENTED)");
        }
    }

    private static int sessionTimeout(String value) {
        if (value == null || value.isEmpty()) {
            return SessionRegistry.DEFAULT_TIMEOUT_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds < 0 || seconds > SessionRegistry.MAX_TIMEOUT_SECONDS) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new ClickHouseException(BAD_ARGUMENTS, "Code: 36. DB::Exception: session_timeout must be 0.."
                    + SessionRegistry.MAX_TIMEOUT_SECONDS + " seconds, was '" + value + "'. (BAD_ARGUMENTS)");
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
