package dev.annotations.grafana.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.grafana.dashboard.Dashboard;
import dev.annotations.grafana.engine.Schema;
import dev.annotations.grafana.fixture.LoadedFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ cannot be started here, so what it must agree on with the tested provisioning is checked instead: one
 * database, the same table names, the datasource's host and port, the ports between services, the mounted
 * provisioning, the plugin version, and the UI address the dashboards link to.
 */
class DeploymentConsistencyTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final JsonNode COMPOSE = ProvisioningFiles.read(DEPLOY.resolve("compose.yaml"));
    private static final JsonNode COLLECTOR = ProvisioningFiles.read(DEPLOY.resolve("otel-collector.yaml"));

    private static JsonNode service(String name) {
        JsonNode service = COMPOSE.path("services").path(name);
        assertThat(service.isMissingNode()).as("compose service " + name).isFalse();
        return service;
    }

    private static String env(String service, String name) {
        return service(service).path("environment").path(name).asText();
    }

    private static List<String> published(String service) {
        List<String> ports = new ArrayList<>();
        service(service).path("ports").forEach(port -> ports.add(port.asText()));
        return ports;
    }

    @Test
    void one_database_everywhere() {
        JsonNode datasource = ProvisioningFiles.datasource();
        assertThat(List.of(env("clickhouse", "CLICKHOUSE_DB"), env("annotation-api", "CLICKHOUSE_DATABASE"),
                COLLECTOR.at("/exporters/clickhouse/database").asText(), datasource.at("/jsonData/defaultDatabase").asText(),
                datasource.at("/jsonData/traces/defaultDatabase").asText(), datasource.at("/jsonData/logs/defaultDatabase").asText()))
                .containsOnly(Schema.DATABASE);
    }

    @Test
    void the_collector_writes_the_tables_the_datasource_and_the_service_read() {
        JsonNode datasource = ProvisioningFiles.datasource();
        String traces = COLLECTOR.at("/exporters/clickhouse/traces_table_name").asText();
        String logs = COLLECTOR.at("/exporters/clickhouse/logs_table_name").asText();

        assertThat(traces).isEqualTo(datasource.at("/jsonData/traces/defaultTable").asText());
        assertThat(logs).isEqualTo(datasource.at("/jsonData/logs/defaultTable").asText());
        assertThat(LoadedFixture.get().sql().query("SELECT name FROM system.tables WHERE database = '" + Schema.DATABASE
                + "' AND name IN ('" + traces + "', '" + logs + "')").rows()).as("created by the service's migrations").hasSize(2);
        assertThat(COLLECTOR.at("/service/pipelines/traces/exporters").toString()).contains("clickhouse");
        assertThat(COLLECTOR.at("/service/pipelines/logs/exporters").toString()).as("feedback events are logs").contains("clickhouse");
    }

    @Test
    void grafana_reaches_clickhouse_where_the_datasource_says() {
        JsonNode datasource = ProvisioningFiles.datasource();
        String host = ProvisioningFiles.expand(datasource.at("/jsonData/host"), Map.of("CLICKHOUSE_HOST", env("grafana", "CLICKHOUSE_HOST"))).asText();
        long port = PluginSettings.port(ProvisioningFiles.expand(datasource.at("/jsonData/port"), Map.of()));

        assertThat(host).isEqualTo("clickhouse");
        assertThat(published("clickhouse")).contains(port + ":" + port);
        assertThat(URI.create(env("annotation-api", "CLICKHOUSE_URL").replace("jdbc:ch:", "")))
                .satisfies(url -> {
                    assertThat(url.getHost()).isEqualTo("clickhouse");
                    assertThat((long) url.getPort()).as("the service speaks HTTP to ClickHouse too").isEqualTo(port);
                });
        assertThat(URI.create(COLLECTOR.at("/exporters/clickhouse/endpoint").asText()).getHost()).isEqualTo("clickhouse");
    }

    @Test
    void the_app_exports_to_the_collectors_otlp_http_receiver() {
        URI endpoint = URI.create(env("demo-app", "OTEL_EXPORTER_OTLP_ENDPOINT"));
        String receiver = COLLECTOR.at("/receivers/otlp/protocols/http/endpoint").asText();

        assertThat(endpoint.getHost()).isEqualTo("otel-collector");
        assertThat(receiver).endsWith(":" + endpoint.getPort());
        assertThat(env("demo-app", "OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("http/protobuf");
        assertThat(env("demo-app", "OTEL_LOGS_EXPORTER")).isEqualTo("otlp");
    }

    @Test
    void grafana_mounts_this_modules_provisioning_and_dashboards() {
        List<String> volumes = new ArrayList<>();
        service("grafana").path("volumes").forEach(volume -> volumes.add(volume.asText()));

        assertThat(volumes).contains(
                "../grafana-dashboards/provisioning/datasources:/etc/grafana/provisioning/datasources:ro",
                "../grafana-dashboards/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro",
                "../grafana-dashboards/provisioning/alerting:/etc/grafana/provisioning/alerting:ro",
                "../grafana-dashboards/dashboards:" + ProvisioningFiles.DASHBOARDS_MOUNT + ":ro");
        assertThat(volumes).filteredOn(volume -> volume.startsWith("../")).allSatisfy(volume ->
                assertThat(Files.isDirectory(DEPLOY.resolve(volume.substring(0, volume.indexOf(':'))))).as(volume).isTrue());
    }

    @Test
    void grafana_installs_the_plugin_version_the_provisioning_was_written_for() {
        String version = env("grafana", "GF_PLUGINS_PREINSTALL_SYNC");

        assertThat(version).isEqualTo("grafana-clickhouse-datasource@4.20.0");
        assertThat(Dashboard.all()).allSatisfy(dashboard -> assertThat(dashboard.panels()).allSatisfy(panel ->
                assertThat(panel.targets()).allSatisfy(target ->
                        assertThat(target.json().path("pluginVersion").asText()).isEqualTo("4.20.0"))));
    }

    @Test
    void the_dashboards_link_to_the_ui_where_the_service_listens() {
        String port = env("annotation-api", "ANNOTATION_PORT");

        assertThat(published("annotation-api")).contains(port + ":" + port);
        assertThat(Dashboard.all()).allSatisfy(dashboard -> dashboard.variables().stream()
                .filter(variable -> variable.name().equals("annotation_ui"))
                .forEach(variable -> assertThat(variable.staticOptions().getFirst()).isEqualTo("http://localhost:" + port)));
        assertThat(env("annotation-api", "CLICKHOUSE_URL")).startsWith("jdbc:ch://");
    }
}
