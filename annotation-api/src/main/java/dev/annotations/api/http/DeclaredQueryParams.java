package dev.annotations.api.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each operation of the OpenAPI document declares, enforced: a parameter the operation
 * does not declare answers 400 naming it (as an unknown body field does), and one declared with a scalar
 * schema answers 400 when it is given more than once. Only parameters declared {@code type: array} repeat;
 * their values are alternatives (OR) of one field. The document is the one list, so what the API accepts and
 * what it documents cannot drift apart.
 */
public final class DeclaredQueryParams {
    private final Map<String, Map<String, Boolean>> byOperation;

    private DeclaredQueryParams(Map<String, Map<String, Boolean>> byOperation) {
        this.byOperation = byOperation;
    }

    /** Reads every operation's query parameters (its own and its path's, {@code $ref}s resolved). */
    public static DeclaredQueryParams from(JsonNode openApi) {
        Map<String, Map<String, Boolean>> byOperation = new HashMap<>();
        openApi.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (operation.getKey().equals("parameters")) {
                return;
            }
            Map<String, Boolean> repeatable = new HashMap<>();
            for (JsonNode list : List.of(path.getValue().path("parameters"), operation.getValue().path("parameters"))) {
                for (JsonNode parameter : list) {
                    JsonNode resolved = resolve(openApi, parameter);
                    if (resolved.path("in").asText().equals("query")) {
                        repeatable.put(resolved.path("name").asText(), isArray(resolved.path("schema")));
                    }
                }
            }
            byOperation.put(key(operation.getKey(), path.getKey()), Map.copyOf(repeatable));
        }));
        return new DeclaredQueryParams(Map.copyOf(byOperation));
    }

    /**
     * Checks a request's query against what its operation declares.
     *
     * @param method the HTTP method, any case
     * @param path   the route's template as the OpenAPI document spells it ({@code /api/v1/scores/{scoreId}})
     * @throws ApiProblem 400 naming every unknown parameter and every scalar one given more than once
     */
    public void check(String method, String path, Map<String, List<String>> query) {
        Map<String, Boolean> declared = byOperation.get(key(method, path));
        if (declared == null || query.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> given : query.entrySet()) {
            Boolean repeatable = declared.get(given.getKey());
            if (repeatable == null) {
                errors.add(new FieldError(given.getKey(), "unknown query parameter; this operation takes "
                        + (declared.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declared.keySet())))));
            } else if (!repeatable && given.getValue().size() > 1) {
                errors.add(new FieldError(given.getKey(), "given " + given.getValue().size()
                        + " times; it takes one value (only parameters documented as repeatable may repeat)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    /** The operations known, as {@code "GET /path"}: for tests that compare them with the router. */
    public Set<String> operations() {
        return byOperation.keySet();
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    private static boolean isArray(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (one.asText().equals("array")) {
                    return true;
                }
            }
            return false;
        }
        return type.asText().equals("array");
    }

    private static JsonNode resolve(JsonNode openApi, JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual()) {
            return node;
        }
        if (!ref.asText().startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are supported: " + ref.asText());
        }
        return openApi.at(ref.asText().substring(1));
    }
}
