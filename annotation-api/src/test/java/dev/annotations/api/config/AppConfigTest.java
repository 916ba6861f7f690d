package dev.annotations.api.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {
    @Test
    void defaults_run_on_port_8080_with_embedded_engine_and_database_otel() {
        AppConfig config = AppConfig.from(Map.of(), new Properties());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(config.embedded()).isTrue();
        assertThat(config.clickhouseDatabase()).isEqualTo("otel");
        assertThat(config.clickhouseUser()).isEqualTo("default");
        assertThat(config.clickhouseCluster()).isEmpty();
        assertThat(config.embeddedClickhousePort()).isEmpty();
        assertThat(config.maxRequestBytes()).isEqualTo(AppConfig.DEFAULT_MAX_REQUEST_BYTES);
    }

    @Test
    void environment_variables_configure_server_mode() {
        AppConfig config = AppConfig.from(Map.of(
                "ANNOTATION_PORT", "9000",
                "CLICKHOUSE_URL", "jdbc:ch://clickhouse:8123",
                "CLICKHOUSE_USER", "writer",
                "CLICKHOUSE_PASSWORD", "s3cret",
                "CLICKHOUSE_DATABASE", "observability",
                "CLICKHOUSE_CLUSTER", "main_cluster",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123"), new Properties());

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.embedded()).isFalse();
        assertThat(config.clickhouseUrl()).contains("jdbc:ch://clickhouse:8123");
        assertThat(config.clickhouseUser()).isEqualTo("writer");
        assertThat(config.clickhousePassword()).isEqualTo("s3cret");
        assertThat(config.clickhouseDatabase()).isEqualTo("observability");
        assertThat(config.clickhouseCluster()).contains("main_cluster");
        assertThat(config.embeddedClickhousePort()).isEqualTo(Optional.of(8123));
    }

    @Test
    void a_system_property_wins_over_the_environment_variable() {
        Properties properties = new Properties();
        properties.setProperty("annotation.port", "7001");

        AppConfig config = AppConfig.from(Map.of("ANNOTATION_PORT", "9000"), properties);

        assertThat(config.port()).isEqualTo(7001);
    }

    @Test
    void secrets_never_appear_in_toString() {
        AppConfig config = AppConfig.from(Map.of("CLICKHOUSE_PASSWORD", "s3cret-password",
                "ANNOTATION_BOOTSTRAP_ADMIN_KEY", "bootstrap-key-0123456789abcdef"), new Properties());

        assertThat(config.toString()).doesNotContain("s3cret-password").doesNotContain("bootstrap-key-0123456789abcdef");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
            "ANNOTATION_PORT, eighty",
            "ANNOTATION_PORT, 70000",
            "ANNOTATION_EMBEDDED_CLICKHOUSE_PORT, -1",
            "CLICKHOUSE_DATABASE, otel;DROP",
            "CLICKHOUSE_CLUSTER, my cluster",
            "CLICKHOUSE_URL, http://clickhouse:8123",
            "ANNOTATION_BOOTSTRAP_ADMIN_KEY, short",
            "ANNOTATION_MAX_REQUEST_BYTES, 0",
            "ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS, 0",
            "ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS, soon",
            "ANNOTATION_CLICKHOUSE_DDL_TIMEOUT_SECONDS, 86401",
            "ANNOTATION_STARTUP_RETRY_MAX_MS, 0",
            "ANNOTATION_HTTP_IDLE_TIMEOUT_MS, -5",
    })
    void invalid_values_fail_naming_the_variable(String variable, String value) {
        assertThatThrownBy(() -> AppConfig.from(Map.of(variable, value), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable);
    }

    @Test
    void statement_bounds_default_to_10_s_for_reads_and_inserts_and_300_s_for_ddl_and_are_configurable() {
        AppConfig defaults = AppConfig.from(Map.of(), new Properties());
        AppConfig configured = AppConfig.from(Map.of("ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS", "4",
                "ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS", "6", "ANNOTATION_CLICKHOUSE_DDL_TIMEOUT_SECONDS", "60",
                "ANNOTATION_STARTUP_RETRY_MAX_MS", "2000", "ANNOTATION_HTTP_IDLE_TIMEOUT_MS", "90000"), new Properties());

        assertThat(defaults.timeouts()).isEqualTo(new AppConfig.Timeouts(10, 10, 300, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(120)));
        assertThat(configured.timeouts()).isEqualTo(new AppConfig.Timeouts(4, 6, 60, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(90)));
        assertThat(AppConfig.Timeouts.socketTimeout(4)).isEqualTo(java.time.Duration.ofSeconds(6));
    }
}
