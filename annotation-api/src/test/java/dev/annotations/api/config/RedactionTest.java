package dev.annotations.api.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passwords inside a ClickHouse URL, and the configured secrets, are masked in text we print. */
class RedactionTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:ch://writer:pa55word@clickhouse:8123/otel            | jdbc:ch://writer:***@clickhouse:8123/otel",
            "jdbc:clickhouse:http://writer:pa55word@ch:8123?ssl=true   | jdbc:clickhouse:http://writer:***@ch:8123?ssl=true",
            "jdbc:ch://clickhouse:8123/otel?user=writer&password=pa55word | jdbc:ch://clickhouse:8123/otel?user=writer&password=***",
            "jdbc:ch://clickhouse:8123?PASSWORD=pa55word&compress=false | jdbc:ch://clickhouse:8123?PASSWORD=***&compress=false",
            "jdbc:ch://clickhouse:8123?clickhouse_setting_access_token=t0ken | jdbc:ch://clickhouse:8123?clickhouse_setting_access_token=***",
            "jdbc:ch://clickhouse:8123/otel?user=writer                 | jdbc:ch://clickhouse:8123/otel?user=writer",
            "jdbc:ch://writer@clickhouse:8123                           | jdbc:ch://writer@clickhouse:8123",
    })
    void a_url_keeps_everything_but_its_passwords(String url, String printed) {
        assertThat(Redaction.url(url)).isEqualTo(printed);
    }

    @Test
    void the_announced_configuration_holds_no_password_from_the_url() {
        AppConfig config = AppConfig.from(Map.of("CLICKHOUSE_URL",
                "jdbc:ch://writer:in-user-info@clickhouse:8123/otel?password=in-query"), new Properties());

        assertThat(config.toString()).contains("jdbc:ch://writer:***@clickhouse:8123/otel?password=***")
                .doesNotContain("in-user-info").doesNotContain("in-query");
    }

    @Test
    void a_refused_url_is_quoted_without_its_password() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("CLICKHOUSE_URL", "http://writer:in-user-info@clickhouse:8123"),
                new Properties()))
                .hasMessageStartingWith("CLICKHOUSE_URL").hasMessageNotContaining("in-user-info");
    }

    @Test
    void the_configured_secrets_are_masked_wherever_they_appear() {
        AppConfig config = AppConfig.from(Map.of("CLICKHOUSE_URL", "jdbc:ch://writer:in-user-info@clickhouse:8123?password=in-query",
                "CLICKHOUSE_PASSWORD", "from-env", "ANNOTATION_BOOTSTRAP_ADMIN_KEY", "bootstrap-key-0123456789abcdef"),
                new Properties());
        Redaction redaction = Redaction.of(config);

        assertThat(redaction.apply("auth failed for in-user-info, in-query, from-env, bootstrap-key-0123456789abcdef"))
                .isEqualTo("auth failed for ***, ***, ***, ***");
        assertThat(Redaction.of(List.of("", " ")).apply("nothing masked")).isEqualTo("nothing masked");
    }
}
