package dev.annotations.api.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhoAmITest {
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
    void GET_me_names_the_keys_name_role_and_project() {
        String project = client.get("/api/v1/projects", TestService.BOOTSTRAP_KEY).json().get("projects").get(0).get("id").asText();
        JsonNode issued = client.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"annotator-7\",\"role\":\"ANNOTATOR\"}").json();

        JsonNode me = client.get("/api/v1/me", issued.get("key").asText()).json();

        assertThat(me.get("keyId").asText()).isEqualTo(issued.get("id").asText());
        assertThat(me.get("name").asText()).isEqualTo("annotator-7");
        assertThat(me.get("role").asText()).isEqualTo("ANNOTATOR");
        assertThat(me.get("projectId").asText()).isEqualTo(project);
        assertThat(me.get("projectName").asText()).isEqualTo("default");
        assertThat(me.get("canCreateProjects").asBoolean()).isFalse();
        assertThat(client.get("/api/v1/me", TestService.BOOTSTRAP_KEY).json().get("canCreateProjects").asBoolean()).isTrue();
    }

    @Test
    void GET_me_without_a_valid_key_answers_401() {
        assertThat(client.get("/api/v1/me", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/me", "ak_not-a-key").status()).isEqualTo(401);
    }
}
