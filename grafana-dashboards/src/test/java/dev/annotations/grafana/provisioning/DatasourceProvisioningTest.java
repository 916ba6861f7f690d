package dev.annotations.grafana.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.engine.QueryFailedException;
import dev.annotations.grafana.engine.Schema;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provisioned datasource points Grafana's ClickHouse plugin (4.20.0) at the right place with settings the
 * plugin accepts, its OpenTelemetry settings name tables and columns that exist, and the plugin's health check
 * answers on the engine's published port as the read-only user Grafana should use (which cannot write). The
 * dashboard provider loads this module's dashboards.
 */
class DatasourceProvisioningTest {
    /** The plugin's OpenTelemetry schema versions (src/otel.ts at v4.20.0): "latest" follows the newest. */
    static final List<String> PLUGIN_OTEL_VERSIONS = List.of("latest", "1.30.0", "1.29.0");

    @Test
    void the_datasource_uses_the_clickhouse_plugin_over_http_with_a_fixed_uid() {
        JsonNode datasource = ProvisioningFiles.datasource();

        assertThat(datasource.path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
        assertThat(datasource.path("uid").asText()).isEqualTo("annotations-clickhouse");
        assertThat(datasource.at("/jsonData/protocol").asText()).isEqualTo("http");
        assertThat(datasource.at("/jsonData/defaultDatabase").asText()).isEqualTo(Schema.DATABASE);
        assertThat(datasource.at("/secureJsonData/password").asText()).isEqualTo("${CLICKHOUSE_PASSWORD}");
    }

    @Test
    void the_port_parses_even_when_no_environment_variable_is_set() {
        JsonNode port = ProvisioningFiles.expand(ProvisioningFiles.datasource().at("/jsonData/port"), Map.of());

        assertThat(PluginSettings.port(port)).isEqualTo(8123);
    }

    @Test
    void a_port_taken_from_an_unset_variable_is_refused_by_the_plugin() {
        JsonNode port = ProvisioningFiles.expand(new com.fasterxml.jackson.databind.node.TextNode("${CLICKHOUSE_HTTP_PORT}"), Map.of());

        assertThatThrownBy(() -> PluginSettings.port(port)).hasMessageContaining("could not parse port value");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"traces", "logs"})
    void otel_mapping_is_on_with_a_version_the_plugin_knows(String signal) {
        JsonNode settings = ProvisioningFiles.datasource().path("jsonData").path(signal);

        // the plugin applies its OTel column map only when both are set (getTraceOtelVersion / getLogsOtelVersion)
        assertThat(settings.path("otelEnabled").asBoolean()).isTrue();
        assertThat(settings.path("otelVersion").asText()).isIn(PLUGIN_OTEL_VERSIONS);
        assertThat(settings.path("defaultDatabase").asText()).isEqualTo(Schema.DATABASE);
    }

    @Test
    void the_trace_and_log_tables_and_the_columns_the_plugin_maps_exist() {
        JsonNode traces = ProvisioningFiles.datasource().path("jsonData").path("traces");
        JsonNode logs = ProvisioningFiles.datasource().path("jsonData").path("logs");
        String traceTable = traces.path("defaultTable").asText();

        assertThat(columns(traceTable)).contains("Timestamp", "TraceId", "SpanId", "ParentSpanId", "ServiceName",
                "SpanName", "Duration", "SpanAttributes", "ResourceAttributes", "StatusCode", "SpanKind",
                "StatusMessage", "TraceState",
                traces.path("traceEventsColumnPrefix").asText() + ".Name", traces.path("traceLinksColumnPrefix").asText() + ".TraceId");
        assertThat(traces.path("durationUnit").asText()).as("the exporter writes Duration in ns").isEqualTo("nanoseconds");
        assertThat(columns(traceTable + traces.path("traceTimestampTableSuffix").asText())).contains("TraceId", "Start", "End");
        assertThat(columns(logs.path("defaultTable").asText())).contains("Timestamp", "Body", "SeverityText", "TraceId",
                "ResourceAttributes", "ScopeAttributes", "LogAttributes").doesNotContain("TimestampTime");
    }

    @Test
    void the_dashboard_provider_loads_this_modules_dashboards_into_one_folder() {
        JsonNode provider = ProvisioningFiles.dashboardProvider();

        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("folder").asText()).isEqualTo("Annotations");
        assertThat(provider.at("/options/path").asText()).isEqualTo(ProvisioningFiles.DASHBOARDS_MOUNT);
    }

    @Test
    void the_plugin_health_check_answers_over_the_published_port_as_the_read_only_user() throws Exception {
        // max_execution_time: the setting the plugin's client sends with every query, as a URL parameter
        String basic = Base64.getEncoder().encodeToString((LoadedFixture.GRAFANA.user() + ":"
                + LoadedFixture.GRAFANA.password()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        LoadedFixture.get().engine().publishedUrl().orElseThrow() + "/?default_format=JSONCompact&max_execution_time=30"))
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"data\":").contains("[1]");
    }

    @Test
    void the_read_only_user_cannot_write() {
        assertThatThrownBy(() -> LoadedFixture.get().grafana().execute("CREATE TABLE default.grafana_was_here (x UInt8) ENGINE = Memory"))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("Code: 164.");
    }

    private static List<String> columns(String table) {
        return LoadedFixture.get().sql().query("SELECT name FROM system.columns WHERE database = '" + Schema.DATABASE
                + "' AND table = '" + table + "' ORDER BY position").rows().stream().map(row -> row.getFirst().asText()).toList();
    }
}
