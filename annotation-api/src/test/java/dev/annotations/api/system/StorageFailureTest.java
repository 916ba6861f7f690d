package dev.annotations.api.system;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TcpProxy;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** ClickHouse going away answers 503 with Retry-After; when it is back the service recovers by itself. */
class StorageFailureTest {
    @Test
    void clickhouse_outage_answers_503_and_the_service_recovers_without_restart() throws Exception {
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = AnnotationService.start(
                     TestService.config(TestService.freshDatabase(),
                             "jdbc:clickhouse:http://127.0.0.1:" + proxy.port() + "/default?compress=false"),
                     Clock.systemUTC(), key -> { })) {
            ApiClient client = new ApiClient(service.port());
            assertThat(client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).status()).isEqualTo(200);

            proxy.cut();

            ApiClient.Response down = client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY);
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.header("Content-Type")).startsWith("application/problem+json");
            assertThat(down.header("Retry-After")).isEqualTo("5");
            assertThat(down.body()).doesNotContain("\tat ");
            ApiClient.Response notReady = client.get("/ready", null);
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.header("Retry-After")).isNotNull();
            assertThat(client.get("/health", null).status()).isEqualTo(200);

            proxy.restore();

            assertThat(client.get("/ready", null).status()).isEqualTo(200);
            assertThat(client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).status()).isEqualTo(200);
        }
    }
}
