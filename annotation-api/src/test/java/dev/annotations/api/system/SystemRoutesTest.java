package dev.annotations.api.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiApp;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SystemRoutesTest {
    private static AnnotationService service;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void health_and_ready_answer_without_a_key() {
        assertThat(client.get("/health", null).json().get("status").asText()).isEqualTo("ok");
        ApiClient.Response ready = client.get("/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("schemaVersion").asInt())
                .isEqualTo(dev.annotations.api.migration.MigrationCatalog.load().getLast().version());
    }

    @Test
    void every_route_of_the_app_is_documented_in_openapi_and_nothing_else_is() {
        JsonNode paths = client.get("/openapi.json", null).json().get("paths");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        java.util.Set<String> served = new java.util.TreeSet<>();
        for (ApiApp.Route route : service.routes()) {
            served.add(route.method().name() + " " + route.path());
        }

        assertThat(documented).isEqualTo(served);
    }

    @Test
    void the_docs_page_loads_swagger_ui_from_the_service_itself() {
        ApiClient.Response page = client.get("/docs", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");

        Matcher asset = Pattern.compile("(/webjars/swagger-ui/[^\"]+\\.(?:js|css))").matcher(page.body());
        int assets = 0;
        while (asset.find()) {
            assertThat(client.get(asset.group(1), null).status()).as(asset.group(1)).isEqualTo(200);
            assets++;
        }
        assertThat(assets).isEqualTo(2);
    }
}
