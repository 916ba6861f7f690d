package dev.annotations.api.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        assertThat(config.publishedEngine().port()).isEmpty();
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
        assertThat(config.publishedEngine().port()).as("nothing embedded to publish").isEmpty();
    }

    @Test
    void a_published_embedded_engine_takes_its_users_and_passwords_from_the_environment() {
        AppConfig config = AppConfig.from(Map.of(
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_USER", "analyst",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD", "analyst-s3cret",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER", "grafana",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD", "grafana-s3cret"), new Properties());

        AppConfig.PublishedEngine published = config.publishedEngine();
        assertThat(published.port()).contains(8123);
        assertThat(published.user()).isEqualTo("analyst");
        assertThat(published.password()).contains("analyst-s3cret");
        assertThat(published.readOnlyUser()).contains("grafana");
        assertThat(published.readOnlyPassword()).contains("grafana-s3cret");
        assertThat(config.toString()).contains("8123").contains("grafana")
                .doesNotContain("analyst-s3cret").doesNotContain("grafana-s3cret");
    }

    @Test
    void the_published_user_is_default_and_the_read_only_user_is_optional() {
        AppConfig.PublishedEngine published = AppConfig.from(Map.of("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD", "s3cret"), new Properties()).publishedEngine();

        assertThat(published.user()).isEqualTo("default");
        assertThat(published.readOnlyUser()).isEmpty();
    }

    @Test
    void a_published_port_without_a_password_stops_the_start_naming_the_variable() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD must be set");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER, grafana, must be set together",
            "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD, s3cret, must be set together",
            "ANNOTATION_EMBEDDED_CLICKHOUSE_USER, a:b, without ':'"})
    void an_incomplete_or_unusable_published_account_stops_the_start(String variable, String value, String message) {
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD", "s3cret", variable, value), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(message);
    }

    @Test
    void queue_claims_are_leased_unless_log_is_asked_for_and_anything_else_names_the_variable() {
        AppConfig.QueueClaims embedded = AppConfig.from(Map.of("ANNOTATION_DATA_DIR", "/var/lib/annotations"),
                new Properties()).queueClaims();
        assertThat(embedded).isEqualTo(new AppConfig.QueueClaims(true, java.util.Optional.empty(), true,
                Path.of("/var/lib/annotations/queue-journal"), Duration.ofSeconds(1)));
        AppConfig log = AppConfig.from(Map.of("ANNOTATION_QUEUE_CLAIMS", "log",
                "ANNOTATION_ADVERTISED_URL", "http://api-2.internal:8080/"), new Properties());
        assertThat(log.queueClaims().leased()).isFalse();
        assertThat(log.queueClaims().journal()).isFalse();
        assertThat(log.queueClaims().advertisedUrl()).contains("http://api-2.internal:8080");
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_QUEUE_CLAIMS", "locks"), new Properties()))
                .hasMessageContaining("ANNOTATION_QUEUE_CLAIMS must be lease or log, was 'locks'");
    }

    @Test
    void queue_events_are_journaled_on_the_embedded_engine_and_inserted_into_a_server_unless_asked_otherwise() {
        assertThat(AppConfig.from(Map.of("CLICKHOUSE_URL", "jdbc:clickhouse://ch:8123"), new Properties())
                .queueClaims().journal()).isFalse();
        AppConfig.QueueClaims asked = AppConfig.from(Map.of("CLICKHOUSE_URL", "jdbc:clickhouse://ch:8123",
                "ANNOTATION_QUEUE_DURABILITY", "journal", "ANNOTATION_QUEUE_JOURNAL_DIR", "/srv/journal",
                "ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", "250"), new Properties()).queueClaims();
        assertThat(asked.journal()).isTrue();
        assertThat(asked.journalDirectory()).isEqualTo(Path.of("/srv/journal"));
        assertThat(asked.journalLoadInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(AppConfig.from(Map.of("ANNOTATION_QUEUE_DURABILITY", "insert"), new Properties())
                .queueClaims().journal()).isFalse();
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_QUEUE_DURABILITY", "wal"), new Properties()))
                .hasMessageContaining("ANNOTATION_QUEUE_DURABILITY must be journal or insert, was 'wal'");
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_QUEUE_DURABILITY", "journal",
                "ANNOTATION_QUEUE_CLAIMS", "log"), new Properties()))
                .hasMessageContaining("ANNOTATION_QUEUE_DURABILITY=journal needs leased claims");
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS", "600000"),
                new Properties())).hasMessageContaining("ANNOTATION_QUEUE_JOURNAL_LOAD_INTERVAL_MS");
    }

    @Test
    void the_score_log_loads_every_second_unless_another_interval_in_milliseconds_is_asked_for() {
        assertThat(AppConfig.from(Map.of(), new Properties()).scoreDurability().loadInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(AppConfig.from(Map.of("ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS", "250"), new Properties())
                .scoreDurability().loadInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void the_read_only_user_must_differ_from_the_read_write_one() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("ANNOTATION_EMBEDDED_CLICKHOUSE_PORT", "8123",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_PASSWORD", "s3cret",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_USER", "default",
                "ANNOTATION_EMBEDDED_CLICKHOUSE_READONLY_PASSWORD", "other"), new Properties()))
                .hasMessageContaining("must differ from ANNOTATION_EMBEDDED_CLICKHOUSE_USER");
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
            "ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS, 0",
            "ANNOTATION_SCORE_LOG_LOAD_INTERVAL_MS, 60001",
    })
    void invalid_values_fail_naming_the_variable(String variable, String value) {
        assertThatThrownBy(() -> AppConfig.from(Map.of(variable, value), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable);
    }

    @Test
    void statement_bounds_default_to_10_s_for_reads_and_inserts_90_s_for_analytics_and_300_s_for_ddl_and_are_configurable() {
        AppConfig defaults = AppConfig.from(Map.of(), new Properties());
        AppConfig configured = AppConfig.from(Map.of("ANNOTATION_CLICKHOUSE_READ_TIMEOUT_SECONDS", "4",
                "ANNOTATION_CLICKHOUSE_WRITE_TIMEOUT_SECONDS", "6", "ANNOTATION_CLICKHOUSE_DDL_TIMEOUT_SECONDS", "60",
                "ANNOTATION_CLICKHOUSE_ANALYTICS_TIMEOUT_SECONDS", "45",
                "ANNOTATION_STARTUP_RETRY_MAX_MS", "2000", "ANNOTATION_HTTP_IDLE_TIMEOUT_MS", "90000"), new Properties());

        assertThat(defaults.timeouts()).isEqualTo(new AppConfig.Timeouts(10, 10, 300, 90, Duration.ofSeconds(10),
                Duration.ofSeconds(120)));
        assertThat(configured.timeouts()).isEqualTo(new AppConfig.Timeouts(4, 6, 60, 45, Duration.ofSeconds(2),
                Duration.ofSeconds(90)));
        assertThat(AppConfig.Timeouts.socketTimeout(4)).isEqualTo(Duration.ofSeconds(6));
    }
}
