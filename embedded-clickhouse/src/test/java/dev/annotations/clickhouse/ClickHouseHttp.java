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

/** A plain HTTP client for the engine's ClickHouse interface, as curl would use it. */
final class ClickHouseHttp {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    ClickHouseHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static ClickHouseHttp of(EmbeddedClickHouse engine) {
        return new ClickHouseHttp(engine.httpUrl());
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
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
