package dev.annotations.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A plain HTTP client for the engine's ClickHouse interface, as curl would use it: it signs every request
 * with HTTP Basic authentication, unless the request carries credentials of its own (headers or the
 * {@code user} / {@code password} URL parameters).
 */
final class ClickHouseHttp {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String authorization;

    ClickHouseHttp(String baseUrl, EmbeddedClickHouse.Account account) {
        this.baseUrl = baseUrl;
        this.authorization = basic(account.user(), account.password());
    }

    /** The engine's private port, as its own process reaches it. */
    static ClickHouseHttp of(EmbeddedClickHouse engine) {
        return new ClickHouseHttp(engine.httpUrl(), engine.credentials());
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** URL parameters from name/value pairs, in order. */
    static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    URI uri(String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return URI.create(baseUrl + path + query);
    }

    HttpResponse<byte[]> get(String... namesAndValues) {
        return send(HttpRequest.newBuilder(uri("/", params(namesAndValues))).GET());
    }

    HttpResponse<byte[]> post(String body, String... namesAndValues) {
        return post(body.getBytes(StandardCharsets.UTF_8), namesAndValues);
    }

    HttpResponse<byte[]> post(byte[] body, String... namesAndValues) {
        return send(HttpRequest.newBuilder(uri("/", params(namesAndValues)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        String query = built.uri().getRawQuery() == null ? "" : "&" + built.uri().getRawQuery();
        boolean ownCredentials = built.headers().firstValue("Authorization").isPresent()
                || built.headers().firstValue("X-ClickHouse-User").isPresent()
                || built.headers().firstValue("X-ClickHouse-Key").isPresent()
                || query.contains("&user=") || query.contains("&password=");
        if (!ownCredentials) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", authorization).build();
        }
        try {
            return client.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code sql} (GET, query in the URL) and returns the body; fails on a non-200 answer. */
    String query(String sql, String... moreNamesAndValues) {
        String[] all = new String[moreNamesAndValues.length + 2];
        all[0] = "query";
        all[1] = sql;
        System.arraycopy(moreNamesAndValues, 0, all, 2, moreNamesAndValues.length);
        HttpResponse<byte[]> response = get(all);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + text(response));
        }
        return text(response);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
