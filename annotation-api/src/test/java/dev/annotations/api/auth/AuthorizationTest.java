package dev.annotations.api.auth;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import dev.annotations.api.project.ApiKeySecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what: 401 for no or bad keys, 403 for the wrong role or project, 2xx otherwise. */
class AuthorizationTest {
    private static AnnotationService service;
    private static ApiClient client;
    private static final Map<String, String> KEYS = new HashMap<>();
    private static String projectA;
    private static String projectB;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        client = new ApiClient(service.port());
        KEYS.put("bootstrap", TestService.BOOTSTRAP_KEY);
        KEYS.put("none", null);
        KEYS.put("unknown", "ak_thisKeyWasNeverIssued000000000000000000");
        projectA = createProject("project-a");
        projectB = createProject("project-b");
        for (Role role : Role.values()) {
            KEYS.put(role.name(), issue(projectA, role.name().toLowerCase() + "-a", role));
        }
        KEYS.put("ADMIN_B", issue(projectB, "admin-b", Role.ADMIN));
        String revoked = issue(projectA, "revoked-a", Role.ADMIN);
        String revokedId = client.get("/api/v1/projects/" + projectA + "/keys", KEYS.get("ADMIN")).json().get("keys")
                .valueStream().filter(key -> key.get("name").asText().equals("revoked-a")).findFirst().orElseThrow()
                .get("id").asText();
        assertThat(client.delete("/api/v1/projects/" + projectA + "/keys/" + revokedId, KEYS.get("ADMIN")).status())
                .isEqualTo(204);
        KEYS.put("revoked", revoked);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String createProject(String name) {
        ApiClient.Response response = client.postJson("/api/v1/projects", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static String issue(String project, String name, Role role) {
        ApiClient.Response response = client.postJson("/api/v1/projects/" + project + "/keys", TestService.BOOTSTRAP_KEY,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("key").asText();
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource({
            // listing projects: any valid key
            "GET, /api/v1/projects, none, 401",
            "GET, /api/v1/projects, unknown, 401",
            "GET, /api/v1/projects, revoked, 401",
            "GET, /api/v1/projects, VIEWER, 200",
            "GET, /api/v1/projects, ANNOTATOR, 200",
            "GET, /api/v1/projects, bootstrap, 200",
            // creating projects: the bootstrap key only
            "POST, /api/v1/projects, none, 401",
            "POST, /api/v1/projects, ADMIN, 403",
            "POST, /api/v1/projects, VIEWER, 403",
            "POST, /api/v1/projects, bootstrap, 201",
            // keys of project A: its ADMIN and the bootstrap key
            "GET, /api/v1/projects/{A}/keys, none, 401",
            "GET, /api/v1/projects/{A}/keys, VIEWER, 403",
            "GET, /api/v1/projects/{A}/keys, ANNOTATOR, 403",
            "GET, /api/v1/projects/{A}/keys, REVIEWER, 403",
            "GET, /api/v1/projects/{A}/keys, ADMIN, 200",
            "GET, /api/v1/projects/{A}/keys, ADMIN_B, 403",
            "GET, /api/v1/projects/{A}/keys, bootstrap, 200",
            "POST, /api/v1/projects/{A}/keys, REVIEWER, 403",
            "POST, /api/v1/projects/{A}/keys, ADMIN_B, 403",
            "POST, /api/v1/projects/{A}/keys, ADMIN, 201",
            "POST, /api/v1/projects/{B}/keys, ADMIN_B, 201",
            "POST, /api/v1/projects/{B}/keys, revoked, 401",
    })
    void each_key_gets_exactly_its_rights(String method, String pathTemplate, String caller, int expected) {
        String path = pathTemplate.replace("{A}", projectA).replace("{B}", projectB);
        String key = KEYS.get(caller);
        ApiClient.Response response = switch (method) {
            case "GET" -> client.get(path, key);
            case "POST" -> client.postJson(path, key, path.endsWith("/keys")
                    ? "{\"name\":\"made-by-" + caller.toLowerCase() + "\",\"role\":\"VIEWER\"}"
                    : "{\"name\":\"made-by-" + caller + "\"}");
            default -> throw new IllegalArgumentException(method);
        };

        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(expected);
        }
        if (expected == 401) {
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void a_key_sees_only_its_own_project() {
        ApiClient.Response response = client.get("/api/v1/projects", KEYS.get("ADMIN_B"));

        assertThat(response.json().get("projects").valueStream().map(p -> p.get("id").asText()).toList())
                .containsExactly(projectB);
    }

    @Test
    void a_revoked_key_stops_working_at_once_and_revoking_again_is_harmless() {
        String key = issue(projectA, "short-lived", Role.VIEWER);
        assertThat(client.get("/api/v1/projects", key).status()).isEqualTo(200);
        String id = client.get("/api/v1/projects/" + projectA + "/keys", KEYS.get("ADMIN")).json().get("keys")
                .valueStream().filter(k -> k.get("name").asText().equals("short-lived")).findFirst().orElseThrow()
                .get("id").asText();

        assertThat(client.delete("/api/v1/projects/" + projectA + "/keys/" + id, KEYS.get("ADMIN")).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/projects", key).status()).isEqualTo(401);
        assertThat(client.delete("/api/v1/projects/" + projectA + "/keys/" + id, KEYS.get("ADMIN")).status()).isEqualTo(204);
        ApiClient.Response listed = client.get("/api/v1/projects/" + projectA + "/keys", KEYS.get("ADMIN"));
        assertThat(listed.json().get("keys").valueStream().filter(k -> k.get("id").asText().equals(id)).findFirst()
                .orElseThrow().get("revokedBy").asText()).isEqualTo("admin-a");
    }

    @Test
    void a_secret_is_shown_once_and_stored_only_as_a_hash() {
        ApiClient.Response issued = client.postJson("/api/v1/projects/" + projectA + "/keys", KEYS.get("ADMIN"),
                "{\"name\":\"alice@example.com\",\"role\":\"ANNOTATOR\"}");
        String secret = issued.json().get("key").asText();

        assertThat(secret).startsWith("ak_").hasSize(43);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        assertThat(client.get("/api/v1/projects/" + projectA + "/keys", KEYS.get("ADMIN")).body()).doesNotContain(secret);
        String stored = service.storage().call(dsl -> String.valueOf(dsl.fetchValue(
                "SELECT arrayStringConcat(groupArray(key_hash), ',') FROM `" + service.storage().database() + "`.annotation_api_keys")));
        assertThat(stored).doesNotContain(secret).contains(ApiKeySecrets.hash(secret));
    }

    @Test
    void several_keys_may_share_a_name_and_act_as_that_author() {
        String first = issue(projectA, "shared-name", Role.ANNOTATOR);
        String second = issue(projectA, "shared-name", Role.REVIEWER);

        assertThat(first).isNotEqualTo(second);
        assertThat(client.get("/api/v1/projects", first).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/projects", second).status()).isEqualTo(200);
    }
}
