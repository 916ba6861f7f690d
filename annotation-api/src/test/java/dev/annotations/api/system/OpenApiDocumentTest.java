package dev.annotations.api.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiApp;
import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;
import dev.annotations.api.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is good enough to generate a client from (annotation-client is generated from it):
 * ids and one tag per operation, integer widths, no defaults a client would send, problem+json errors; and
 * the file in the source tree, which the client build reads, is exactly what the service serves.
 */
class OpenApiDocumentTest {
    /** The file annotation-client generates from; the service serves it from its class path. */
    static final Path SOURCE = Path.of("src/main/resources/openapi.json");
    private static final Set<String> INT64 = Set.of("version", "durationNanos", "inputTokens", "outputTokens",
            "totalTokens", "eventTimestampNanos");
    private static final JsonNode DOCUMENT = ApiApp.openApi(Json.mapper());

    private static AnnotationService service;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void the_served_document_is_byte_for_byte_the_file_the_client_is_generated_from() throws Exception {
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.port() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(new String(served.body(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(SOURCE));
    }

    @Test
    void every_operation_has_a_unique_operationId_and_one_declared_tag() {
        Set<String> declaredTags = new HashSet<>();
        DOCUMENT.get("tags").forEach(tag -> declaredTags.add(tag.get("name").asText()));
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        operations((name, operation) -> {
            String id = operation.path("operationId").asText("");
            if (id.isEmpty() || !ids.add(id)) {
                problems.add(name + ": operationId missing or repeated: '" + id + "'");
            }
            JsonNode tags = operation.path("tags");
            if (tags.size() != 1 || !declaredTags.contains(tags.get(0).asText())) {
                problems.add(name + ": needs exactly one tag from the document's tags, has " + tags);
            }
        });

        assertThat(problems).isEmpty();
        assertThat(ids).hasSizeGreaterThan(40);
    }

    @Test
    void every_integer_says_its_width_and_64_bit_fields_say_int64() {
        List<String> problems = new ArrayList<>();
        walk(DOCUMENT, "", (path, node) -> {
            JsonNode type = node.path("type");
            boolean integer = type.asText().equals("integer") || (type.isArray() && type.toString().contains("\"integer\""));
            if (!integer) {
                return;
            }
            String format = node.path("format").asText("");
            String property = path.substring(path.lastIndexOf('/') + 1);
            if (!format.equals("int32") && !format.equals("int64")) {
                problems.add(path + ": integer without format");
            } else if (INT64.contains(property) && !format.equals("int64")) {
                problems.add(path + ": a 64-bit value declared " + format);
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void no_schema_declares_a_default_a_generated_client_would_send() {
        List<String> defaults = new ArrayList<>();
        walk(DOCUMENT.get("components").get("schemas"), "#/components/schemas", (path, node) -> {
            if (node.has("default") && node.has("type")) {
                defaults.add(path);
            }
        });
        operations((name, operation) -> walk(operation.path("requestBody"), name, (path, node) -> {
            if (node.has("default") && node.has("type")) {
                defaults.add(path);
            }
        }));

        assertThat(defaults).isEmpty();
    }

    @Test
    void every_error_response_outside_the_otlp_receiver_is_a_problem() {
        List<String> problems = new ArrayList<>();
        operations((name, operation) -> {
            if (name.contains(" /v1/")) {
                return; // OTLP's own google.rpc.Status, as the OTLP specification wants
            }
            boolean clientError = false;
            for (var response : operation.get("responses").properties()) {
                int status = Integer.parseInt(response.getKey());
                clientError |= status >= 400 && status < 500;
                JsonNode answer = response.getValue();
                if (answer.has("$ref")) {
                    answer = DOCUMENT.at(answer.get("$ref").asText().substring(1));
                }
                if (status >= 400 && !answer.path("content").path("application/problem+json").path("schema").path("$ref")
                        .asText().equals("#/components/schemas/Problem")) {
                    problems.add(name + " " + status);
                }
            }
            if (!clientError) {
                problems.add(name + ": no 4xx answer (every operation refuses undeclared query parameters)");
            }
        });

        assertThat(problems).isEmpty();
    }

    private static void operations(BiConsumer<String, JsonNode> each) {
        DOCUMENT.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                each.accept(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), operation.getValue());
            }
        }));
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(path, node);
            node.properties().forEach(child -> walk(child.getValue(), path + "/" + child.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visit);
            }
        }
    }
}
