package dev.annotations.api.export;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TcpProxy;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ClickHouse going away in the middle of an export: the client must see a broken response, never a file that ends
 * early as if it were whole (nor a problem document appended to it).
 */
class ExportFailureTest {
    @Test
    void an_export_cut_off_midway_ends_as_a_broken_response_not_as_a_shorter_file() throws Exception {
        String database = TestService.freshDatabase();
        try (TcpProxy proxy = new TcpProxy(SharedClickHouse.engine().port());
             AnnotationService service = AnnotationService.start(TestService.config(database,
                     "jdbc:clickhouse:http://127.0.0.1:" + proxy.port() + "/default?compress=false"), Clock.systemUTC(), key -> { })) {
            ApiClient client = new ApiClient(service.port());
            UUID project = UUID.fromString(client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json()
                    .get("projects").get(0).get("id").asText());
            SyntheticScores.insert(service.storage(), project, 300_000);
            HttpRequest request = client.request("/api/v1/exports/scores?format=csv", TestService.BOOTSTRAP_KEY)
                    .timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            InputStream body = response.body();
            byte[] buffer = new byte[1 << 16];
            long read = 0;
            while (read < 1_000_000) {
                int n = body.read(buffer);
                assertThat(n).as("the export is far larger than 1 MB").isPositive();
                read += n;
            }
            proxy.cut();
            assertThatThrownBy(() -> {
                while (body.read(buffer) >= 0) {
                    // drain: a cut response fails here instead of ending
                }
            }).isInstanceOf(IOException.class);
        }
    }
}
