package dev.annotations.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.annotations.clickhouse.EmbeddedClickHouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned datasource points Grafana's ClickHouse plugin at the right place, and the queries it
 * relies on answer over the engine's published port the way the plugin sends them (POST, query in the
 * body, {@code max_execution_time} as a setting), logged in as the read-only user Grafana should use.
 */
class DatasourceProvisioningTest {
    private static final EmbeddedClickHouse.Account GRAFANA = new EmbeddedClickHouse.Account("grafana",
            "grafana-password-for-tests", EmbeddedClickHouse.Access.READ_ONLY);
    private static EmbeddedClickHouse engine;

    @BeforeAll
    static void start() throws Exception {
        engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(Files.createTempDirectory("grafana-test"))
                .withPublished(new EmbeddedClickHouse.Published(0, List.of(GRAFANA))));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static JsonNode datasource() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Path.of("provisioning/datasources/clickhouse.yaml").toFile());
        assertThat(root.get("datasources")).hasSize(1);
        return root.get("datasources").get(0);
    }

    @Test
    void the_datasource_uses_the_clickhouse_plugin_over_http_with_a_fixed_uid() throws Exception {
        JsonNode datasource = datasource();

        assertThat(datasource.get("type").asText()).isEqualTo("grafana-clickhouse-datasource");
        assertThat(datasource.get("uid").asText()).isEqualTo("annotations-clickhouse");
        assertThat(datasource.at("/jsonData/protocol").asText()).isEqualTo("http");
        assertThat(datasource.at("/jsonData/defaultDatabase").asText()).isEqualTo("otel");
        assertThat(datasource.at("/jsonData/traces/defaultTable").asText()).isEqualTo("otel_traces");
        assertThat(datasource.at("/jsonData/logs/defaultTable").asText()).isEqualTo("otel_logs");
    }

    @Test
    void the_plugin_health_check_answers_over_the_published_port_as_the_read_only_user() throws Exception {
        HttpResponse<String> response = asGrafana("SELECT 1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"data\":").contains("[1]");
    }

    @Test
    void the_read_only_user_cannot_write() throws Exception {
        HttpResponse<String> response = asGrafana("CREATE TABLE default.grafana_was_here (x UInt8) ENGINE = Memory");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).startsWith("Code: 164.");
    }

    private static HttpResponse<String> asGrafana(String sql) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (GRAFANA.user() + ":" + GRAFANA.password()).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(engine.publishedUrl().orElseThrow()
                                + "/?default_format=JSONCompact&max_execution_time=30"))
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
