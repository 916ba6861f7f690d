package dev.annotations.grafana.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.clickhouse.EmbeddedClickHouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Sends SQL the way Grafana's ClickHouse plugin does over the HTTP protocol: one statement in a POST body,
 * the datasource's default database as the {@code database} parameter, the user by HTTP Basic authentication.
 * Answers come back as {@code JSONCompact}, which carries each column's name and ClickHouse type.
 */
public final class SqlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String authorization;

    public SqlClient(String httpUrl, String database, EmbeddedClickHouse.Account account) {
        this.endpoint = URI.create(httpUrl + "/?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "&default_format=JSONCompact");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.user() + ":" + account.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a query; a ClickHouse error becomes {@link QueryFailedException} with the server's message. */
    public QueryResult query(String sql) {
        String body = send(sql);
        try {
            JsonNode root = JSON.readTree(body);
            List<QueryResult.Column> columns = new ArrayList<>();
            root.get("meta").forEach(column -> columns.add(new QueryResult.Column(column.get("name").asText(),
                    column.get("type").asText())));
            List<List<JsonNode>> rows = new ArrayList<>();
            root.get("data").forEach(row -> {
                List<JsonNode> values = new ArrayList<>();
                row.forEach(values::add);
                rows.add(values);
            });
            return new QueryResult(columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSONCompact: " + body, e);
        }
    }

    /** Inserts rows in one INSERT … FORMAT JSONEachRow (Maps as JSON objects, times as 'YYYY-MM-DD hh:mm:ss.fff'). */
    public void insert(String table, List<? extends java.util.Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder("INSERT INTO ").append(table).append(" FORMAT JSONEachRow\n");
        try {
            for (java.util.Map<String, ?> row : rows) {
                body.append(JSON.writeValueAsString(row)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(body.toString());
    }

    /** Runs a statement that returns nothing worth reading (DDL, INSERT … SELECT). */
    public void execute(String sql) {
        send(sql);
    }

    private String send(String sql) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                            .header("Authorization", authorization)
                            .timeout(Duration.ofMinutes(30))
                            .POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new QueryFailedException(response.statusCode(), response.body().strip(), sql);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
