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
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned datasource points Grafana's ClickHouse plugin at the right place, and the queries it
 * relies on answer over the HTTP interface the way the plugin sends them (POST, query in the body).
 */
class DatasourceProvisioningTest {
    private static EmbeddedClickHouse engine;

    @BeforeAll
    static void start() throws Exception {
        engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(Files.createTempDirectory("grafana-test")));
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
    void the_plugin_health_check_answers_over_the_http_interface() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(engine.httpUrl() + "/?default_format=JSONCompact"))
                        .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"data\":").contains("[1]");
    }
}
