package dev.annotations.api.system;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class TwoInstancesTest {
    @Test
    void two_instances_starting_at_once_on_an_empty_database_share_one_default_project() throws Exception {
        String database = TestService.freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<AnnotationService> services = new ArrayList<>();
        try {
            List<Callable<AnnotationService>> starts = List.of(() -> TestService.start(database), () -> TestService.start(database));
            for (Future<AnnotationService> start : pool.invokeAll(starts)) {
                services.add(start.get());
            }

            for (AnnotationService service : services) {
                ApiClient client = new ApiClient(service.port());
                assertThat(client.get("/ready", null).status()).isEqualTo(200);
                ApiClient.Response projects = client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY);
                assertThat(projects.status()).isEqualTo(200);
                assertThat(projects.json().get("projects")).hasSize(1);
            }
            ApiClient first = new ApiClient(services.get(0).port());
            String project = first.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json().get("projects").get(0)
                    .get("id").asText();
            assertThat(first.get("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY).json().get("keys"))
                    .hasSize(1);
        } finally {
            services.forEach(AnnotationService::close);
            pool.shutdownNow();
        }
    }
}
