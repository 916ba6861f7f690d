package dev.annotations.api.system;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.RawHttp;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz over every route the service documents in its own {@code /openapi.json}: real ids are created
 * first (project, key, config, score, trace, span, session, queue, item, job), then each request is a valid
 * one bent one way — a field wrong, missing, extra or of the wrong type; strings empty, huge (10 MB),
 * Unicode-edge (lone surrogates, NUL, RTL override); numbers at and beyond int64 and double; malformed JSON;
 * wrong content types; bad path ids, query parameters and cursors; odd methods; missing or garbage
 * credentials; gzip bombs and garbage protobuf for OTLP; URIs and headers only a raw socket can send.
 *
 * <p>Every answer must be below 500 (the engine is up throughout, so a 503 is a failure too), every error
 * must be problem+json with {@code type, title, status, detail} — under {@code /v1/*} an OTLP
 * {@code google.rpc.Status}, except 415 and a request line Jetty could not read — and no body may carry a
 * stack trace. The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.requests=N} changes
 * its length.
 */
class HostileRequestsTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2_100);
    /** The production default, so 10 MB strings are read rather than refused by size. */
    private static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    /** Smaller than the default, so a gzip bomb reaches the decompression limit quickly. */
    private static final long OTLP_MAX_DECODED_BYTES = 4L * 1024 * 1024;
    private static final ObjectMapper READ = new ObjectMapper();
    /** Writes every non-ASCII character as a \\u escape, so lone surrogates and NULs travel as JSON text. */
    private static final ObjectMapper WRITE = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static AnnotationService service;
    private static ApiClient client;
    private static int port;
    private static JsonNode openApi;
    /** Real ids by path parameter name. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static String traceId;
    private static String spanId;
    private static byte[] gzipBomb;

    /** One route of the OpenAPI document. */
    private record Route(String method, String template, List<JsonNode> parameters, JsonNode bodySchema) {
        boolean otlp() {
            return template.startsWith("/v1/");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** A request to send: through java.net.http, or (raw) byte for byte over a socket. */
    private record Request(String kind, String method, String path, Map<String, String> headers, byte[] body, boolean raw,
                           String rawHead) {
        String describe() {
            String preview = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return kind + ": " + method + " " + (path.length() > 160 ? path.substring(0, 160) + "…(" + path.length() + ")" : path)
                    + " " + headers + " body(" + body.length + ")=" + preview;
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        service = AnnotationService.start(TestService.config(TestService.freshDatabase(),
                SharedClickHouse.engine().jdbcUrl("default"),
                Map.of("ANNOTATION_MAX_REQUEST_BYTES", Long.toString(MAX_REQUEST_BYTES),
                        "ANNOTATION_OTLP_MAX_DECODED_BYTES", Long.toString(OTLP_MAX_DECODED_BYTES))),
                Clock.systemUTC(), key -> {
                    throw new AssertionError("the bootstrap key is configured");
                });
        port = service.port();
        client = new ApiClient(port);
        openApi = READ.readTree(client.get("/openapi.json", null).body());
        createRealIds();
        gzipBomb = gzipOfZeros(64L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void createRealIds() {
        String admin = TestService.BOOTSTRAP_KEY;
        String project = client.get("/api/v1/projects", admin).json().get("projects").get(0).get("id").asText();
        IDS.put("projectId", project);
        KEYS.put("admin", admin);
        KEYS.put("annotator", created("/api/v1/projects/" + project + "/keys", "{\"name\":\"annotator-1\",\"role\":\"ANNOTATOR\"}", "key"));
        KEYS.put("reviewer", created("/api/v1/projects/" + project + "/keys", "{\"name\":\"reviewer-1\",\"role\":\"REVIEWER\"}", "key"));
        KEYS.put("viewer", created("/api/v1/projects/" + project + "/keys", "{\"name\":\"viewer-1\",\"role\":\"VIEWER\"}", "key"));
        String other = created("/api/v1/projects", "{\"name\":\"other\"}", "id");
        KEYS.put("other", created("/api/v1/projects/" + other + "/keys", "{\"name\":\"other-admin\",\"role\":\"ADMIN\"}", "key"));
        // the one key the fuzz may revoke: none of the keys it authenticates with
        IDS.put("keyId", created("/api/v1/projects/" + project + "/keys", "{\"name\":\"sacrificial\",\"role\":\"VIEWER\"}", "id"));
        IDS.put("configId", created("/api/v1/score-configs",
                "{\"name\":\"quality\",\"dataType\":\"NUMERIC\",\"min\":0,\"max\":10,\"step\":1}", "id"));

        traceId = UUID.randomUUID().toString().replace("-", "");
        spanId = traceId.substring(0, 16);
        ApiClient.BinaryResponse exported = client.postBytes("/v1/traces", admin, validExport().toByteArray(),
                "Content-Type", "application/x-protobuf");
        assertThat(exported.status()).isEqualTo(200);
        IDS.put("traceId", traceId);
        IDS.put("sessionId", "fuzz-session");
        IDS.put("scoreId", created("/api/v1/scores", "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + traceId
                + "\"},\"name\":\"quality\",\"configId\":\"" + IDS.get("configId") + "\",\"value\":3}", "id"));
        String queue = created("/api/v1/queues", "{\"name\":\"fuzz\",\"scoreConfigIds\":[\"" + IDS.get("configId")
                + "\"],\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":1,\"annotators\":[\"annotator-1\"],"
                + "\"reviewers\":[\"reviewer-1\"],\"reviewRequired\":true}", "id");
        IDS.put("queueId", queue);
        ApiClient.Response added = client.postJson("/api/v1/queues/" + queue + "/items", admin,
                "{\"targets\":[{\"type\":\"TRACE\",\"traceId\":\"" + traceId + "\"},{\"type\":\"SPAN\",\"traceId\":\""
                        + traceId + "\",\"spanId\":\"" + spanId + "\"}]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        IDS.put("itemId", added.json().get("items").get(0).get("id").asText());
        ApiClient.Response job = client.postJson("/api/v1/queues/" + queue + "/items", admin,
                "{\"filter\":{\"service\":\"fuzz-svc\"}}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        IDS.put("jobId", job.json().get("id").asText());
    }

    private static String created(String path, String json, String field) {
        ApiClient.Response response = client.postJson(path, TestService.BOOTSTRAP_KEY, json);
        assertThat(response.status()).as(path + ": " + response.body()).isIn(200, 201);
        return response.json().get(field).asText();
    }

    private static ExportTraceServiceRequest validExport() {
        return export(traceId, spanId, Instant.now().toEpochMilli() * 1_000_000L, "chat");
    }

    private static ExportTraceServiceRequest export(String trace, String span, long startNanos, String name) {
        HexFormat hex = HexFormat.of();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "fuzz-svc")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(hex.parseHex(trace)))
                        .setSpanId(ByteString.copyFrom(hex.parseHex(span)))
                        .setName(name).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 1_000_000)
                        .addAttributes(attribute("session.id", "fuzz-session"))
                        .addAttributes(attribute("gen_ai.request.model", "fuzz-model"))))).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] gzipOfZeros(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void thousands_of_seeded_hostile_requests_over_every_documented_route_get_no_5xx_and_only_documented_error_forms() {
        System.out.println("HostileRequestsTest seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + "), " + REQUESTS + " requests");
        List<Route> routes = routes();
        assertThat(routes).as("every route of /openapi.json").hasSizeGreaterThanOrEqualTo(service.routes().size());
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> perRoute = new TreeMap<>();
        Map<String, Long> millisPerKind = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            Route route = routes.get(i % routes.size());
            Request request = hostile(route, random);
            perRoute.merge(route.toString(), 1, Integer::sum);
            Answer answer;
            long sent = System.nanoTime();
            try {
                answer = send(request);
            } catch (UncheckedIOException e) {
                failures.add("#" + i + " no answer (" + e.getCause() + ") to " + request.describe());
                continue;
            } finally {
                millisPerKind.merge(request.kind(), (System.nanoTime() - sent) / 1_000_000, Long::sum);
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            String problem = check(request, answer);
            if (problem != null) {
                failures.add("#" + i + " " + problem + " ← " + request.describe() + " → " + answer.status() + " "
                        + answer.contentType() + " " + abbreviated(answer.text()));
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        failures.forEach(failure -> System.out.println("HostileRequestsTest failure " + failure));
        System.out.println("HostileRequestsTest: " + REQUESTS + " requests in " + seconds + " s over "
                + perRoute.size() + " routes; statuses " + statuses + ""
                + "; ms per kind " + millisPerKind);
        assertThat(REQUESTS).as("hostile requests sent").isGreaterThanOrEqualTo(2_000);
        assertThat(perRoute).as("every route was fuzzed").hasSize(routes.size());
        assertThat(failures).as("seed " + SEED + ": " + failures.size() + " failures").isEmpty();
    }

    /** Every operation of the served document, with its parameters and JSON body schema ($refs resolved). */
    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().properties().iterator();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    parameters.add(resolve(parameter));
                }
                for (JsonNode parameter : path.getValue().path("parameters")) {
                    parameters.add(resolve(parameter));
                }
                JsonNode body = operation.getValue().path("requestBody").path("content").path("application/json").path("schema");
                routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameters,
                        body.isMissingNode() ? null : resolve(body)));
            }
        }
        return routes;
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            JsonNode target = openApi;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.get(part);
            }
            return resolve(target);
        }
        return node;
    }

    // ---- requests ---------------------------------------------------------------------------------------

    private static final String[] KINDS = {"valid", "field", "field", "field", "drop", "extra", "malformed", "content-type",
            "path-id", "query", "query", "cursor", "method", "auth", "raw", "huge"};

    private static Request hostile(Route route, Random random) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        if (route.otlp()) {
            return otlp(route, random, kind);
        }
        ObjectNode body = route.method().equals("GET") || route.method().equals("DELETE") ? null : seedBody(route);
        Map<String, String> query = seedQuery(route);
        Map<String, String> pathIds = new LinkedHashMap<>();
        for (JsonNode parameter : route.parameters()) {
            if (parameter.path("in").asText().equals("path")) {
                pathIds.put(parameter.get("name").asText(), IDS.getOrDefault(parameter.get("name").asText(), UUID.randomUUID().toString()));
            }
        }
        String method = route.method();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + keyFor(route));
        String contentType = "application/json";
        byte[] bytes = null;
        switch (kind) {
            case "field" -> {
                if (body != null) {
                    mutateSomeField(body, route.bodySchema(), random);
                } else if (!query.isEmpty()) {
                    query.put(pick(new ArrayList<>(query.keySet()), random), pick(HOSTILE_QUERY, random));
                }
            }
            case "drop" -> {
                if (body != null && body.size() > 0) {
                    body.remove(pick(fieldNames(body), random));
                }
            }
            case "extra" -> {
                if (body != null) {
                    body.set(pick(List.of("admin", "__proto__", "constructor", "projectId", "version", "isDeleted"), random),
                            hostileValue(random));
                } else {
                    query.put(pick(List.of("admin", "projectId", "debug", "limit[]", ""), random), pick(HOSTILE_QUERY, random));
                }
            }
            case "malformed" -> bytes = malformedJson(body == null ? NODES.objectNode() : body, random);
            case "content-type" -> contentType = pick(CONTENT_TYPES, random);
            case "path-id" -> {
                if (!pathIds.isEmpty()) {
                    pathIds.put(pick(new ArrayList<>(pathIds.keySet()), random), pick(HOSTILE_IDS, random));
                }
            }
            case "query" -> {
                List<String> names = new ArrayList<>();
                route.parameters().stream().filter(p -> p.path("in").asText().equals("query"))
                        .forEach(p -> names.add(p.get("name").asText()));
                names.add("limit");
                names.add("from");
                query.put(pick(names, random), pick(HOSTILE_QUERY, random));
            }
            case "cursor" -> query.put("cursor", pick(HOSTILE_CURSORS, random).get());
            case "method" -> method = pick(List.of("PUT", "OPTIONS", "HEAD", "TRACE", "FOO", "PROPFIND", "PATCH", "DELETE",
                    "POST", "GET"), random);
            case "auth" -> {
                String auth = pick(HOSTILE_AUTH, random).get();
                if (auth == null) {
                    headers.remove("Authorization");
                } else {
                    headers.put("Authorization", auth);
                }
            }
            case "huge" -> {
                if (body != null) {
                    String field = pick(fieldNames(body).isEmpty() ? List.of("name") : fieldNames(body), random);
                    // one in six just under or just over the 10 MiB request limit; the rest 100 kB to 1 MB
                    int size = random.nextInt(6) == 0 ? (random.nextBoolean() ? 10_000_000 : 10_600_000)
                            : 100_000 + random.nextInt(900_000);
                    body.put(field, pick(List.of("x", "é", "😀", "\u0000"), random).repeat(size / 4));
                } else {
                    query.put(pick(new ArrayList<>(query.keySet().isEmpty() ? List.of("name") : query.keySet()), random),
                            "y".repeat(100_000));
                }
            }
            case "raw" -> {
                return raw(route, pathIds, random);
            }
            default -> {
                // "valid": the seed request as is
            }
        }
        if (bytes == null && body != null) {
            bytes = json(body);
        }
        if (bytes != null && contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new Request(kind, method, path(route.template(), pathIds) + queryString(query), headers,
                bytes == null ? new byte[0] : bytes, false, null);
    }

    private static String keyFor(Route route) {
        String template = route.template();
        if (template.endsWith("/next") || template.endsWith("/release") || template.endsWith("/skip")
                || template.endsWith("/submit")) {
            return KEYS.get("annotator");
        }
        if (template.endsWith("/approve") || template.endsWith("/return")) {
            return KEYS.get("reviewer");
        }
        return KEYS.get("admin");
    }

    /** A valid body for the route: hand-written where the schema is too loose to build one, else from the schema. */
    private static ObjectNode seedBody(Route route) {
        String score = "{\"target\":{\"type\":\"TRACE\",\"traceId\":\"" + traceId + "\"},\"name\":\"relevance\",\"value\":0.5,"
                + "\"comment\":\"fine\",\"metadata\":{\"model\":\"m\"},\"timestamp\":\"2026-11-25T10:00:00Z\"}";
        String json = switch (route.toString()) {
            case "POST /api/v1/scores" -> score;
            case "POST /api/v1/scores/batch" -> "{\"scores\":[" + score + "," + score + "]}";
            case "PATCH /api/v1/scores/{scoreId}" -> "{\"value\":4,\"comment\":\"edited\"}";
            case "POST /api/v1/score-configs" -> "{\"name\":\"fz\",\"dataType\":\"CATEGORICAL\",\"categories\":"
                    + "[{\"label\":\"good\",\"value\":1,\"hotkey\":\"g\"},{\"label\":\"bad\",\"value\":0}],\"description\":\"d\"}";
            case "PATCH /api/v1/score-configs/{configId}" -> "{\"description\":\"new\",\"max\":10}";
            case "POST /api/v1/queues" -> "{\"name\":\"fq\",\"scoreConfigIds\":[\"" + IDS.get("configId") + "\"],"
                    + "\"strategy\":\"LOAD_BALANCED\",\"annotatorsPerItem\":1,\"annotators\":[\"annotator-1\"],"
                    + "\"reservationTimeoutSeconds\":60}";
            case "PATCH /api/v1/queues/{queueId}" -> "{\"description\":\"d\",\"reservationTimeoutSeconds\":600}";
            case "POST /api/v1/queues/{queueId}/items" -> "{\"targets\":[{\"type\":\"SESSION\",\"sessionId\":\"fuzz-session\"}],"
                    + "\"priority\":1}";
            case "POST /api/v1/queues/{queueId}/items/{itemId}/assign" -> "{\"annotators\":[\"annotator-1\"]}";
            case "POST /api/v1/queues/{queueId}/items/{itemId}/submit" -> "{\"scores\":[{\"configId\":\""
                    + IDS.get("configId") + "\",\"value\":3,\"comment\":\"ok\"}]}";
            case "POST /api/v1/queues/{queueId}/items/{itemId}/return" -> "{\"annotator\":\"annotator-1\",\"comment\":\"again\"}";
            case "POST /api/v1/queues/{queueId}/items/{itemId}/skip" -> "{\"reason\":\"unclear\"}";
            case "POST /api/v1/queues/{queueId}/items/{itemId}/approve" -> "{\"comment\":\"good\"}";
            default -> null;
        };
        if (json != null) {
            try {
                return (ObjectNode) READ.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode generated = route.bodySchema() == null ? NODES.objectNode() : fromSchema(route.bodySchema());
        return generated instanceof ObjectNode object ? object : NODES.objectNode();
    }

    private static JsonNode fromSchema(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (schema.path("type").asText("object")) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").properties().iterator();
                while (properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), fromSchema(property.getValue()));
                }
                yield object;
            }
            case "array" -> NODES.arrayNode().add(fromSchema(schema.path("items")));
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default -> switch (schema.path("format").asText()) {
                case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                case "date-time" -> NODES.textNode("2026-11-25T10:00:00Z");
                default -> NODES.textNode("fuzz");
            };
        };
    }

    private static Map<String, String> seedQuery(Route route) {
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode parameter : route.parameters()) {
            if (!parameter.path("in").asText().equals("query") || random01(parameter)) {
                continue;
            }
            String name = parameter.get("name").asText();
            JsonNode schema = resolve(parameter.path("schema"));
            String value = switch (name) {
                case "from" -> Instant.now().minusSeconds(3600).toString();
                case "to" -> Instant.now().plusSeconds(60).toString();
                case "limit" -> "5";
                case "cursor" -> null;
                case "traceId" -> traceId;
                case "configId" -> IDS.get("configId");
                case "queueId" -> IDS.get("queueId");
                case "attr" -> "session.id=fuzz-session";
                case "hasAttr" -> "gen_ai.request.model";
                case "hasScore", "lacksScore", "name" -> "quality";
                case "service" -> "fuzz-svc";
                default -> schema.has("enum") ? schema.get("enum").get(0).asText()
                        : schema.path("type").asText().equals("boolean") ? "true"
                        : schema.path("format").asText().equals("uuid") ? UUID.randomUUID().toString() : "fuzz";
            };
            if (value != null) {
                query.put(name, value);
            }
        }
        return query;
    }

    /** Half the optional filters are left out, deterministically per parameter, so lists are not always empty. */
    private static boolean random01(JsonNode parameter) {
        return parameter.get("name").asText().hashCode() % 2 == 0 && !parameter.path("required").asBoolean();
    }

    private static void mutateSomeField(ObjectNode body, JsonNode schema, Random random) {
        // descend at random into nested objects and arrays (target, scores[i], categories[i], metadata)
        ObjectNode at = body;
        for (int depth = 0; depth < 3 && random.nextBoolean(); depth++) {
            List<ObjectNode> nested = new ArrayList<>();
            at.properties().forEach(entry -> {
                if (entry.getValue() instanceof ObjectNode object) {
                    nested.add(object);
                } else if (entry.getValue() instanceof ArrayNode array && !array.isEmpty() && array.get(0) instanceof ObjectNode object) {
                    nested.add(object);
                }
            });
            if (nested.isEmpty()) {
                break;
            }
            at = pick(nested, random);
        }
        List<String> names = fieldNames(at);
        if (at == body && schema != null) {
            schema.path("properties").properties().forEach(entry -> {
                if (!names.contains(entry.getKey())) {
                    names.add(entry.getKey());
                }
            });
        }
        if (names.isEmpty()) {
            names.add("name");
        }
        at.set(pick(names, random), hostileValue(random));
    }

    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- hostile values -------------------------------------------------------------------------------

    private static final List<String> HOSTILE_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83dy",
            "\u202eevil\u202c", "\u200b", "\ufeff", "😀", "e\u0301\u0301\u0301", "\r\n", "\t", "null", "true", "0",
            "../../etc/passwd", "' OR 1=1 --", "\"; DROP TABLE annotation_scores; --", "{{7*7}}", "${jndi:ldap://x/a}",
            "<script>alert(1)</script>", "%00", "\\", "%ff", "ＡＢＣ", "\u0600\u0601", "\uFFFF", "\uFFFE",
            "a".repeat(257), "é".repeat(5_000), "b".repeat(10_001), "0123456789abcdef0123456789abcdef",
            "00000000000000000000000000000000", "ANNOTATION", "HUMAN", "NUMERIC", "2026-11-25T10:00:00Z",
            "0000-01-01T00:00:00Z", "+999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
            "2299-12-31T23:59:59.999Z", "2300-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2262-04-11T23:47:16.854775807Z",
            "2026-13-45T99:99:99Z", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");

    private static JsonNode hostileValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> NODES.textNode(pick(HOSTILE_STRINGS, random));
            case 3 -> pick(List.<Supplier<JsonNode>>of(() -> NODES.numberNode(Long.MAX_VALUE), () -> NODES.numberNode(Long.MIN_VALUE),
                    () -> NODES.numberNode(new BigInteger("9223372036854775808")),
                    () -> NODES.numberNode(new BigInteger("-9223372036854775809")),
                    () -> NODES.numberNode(new BigInteger("18446744073709551616")),
                    () -> NODES.numberNode(Double.MAX_VALUE), () -> NODES.numberNode(-Double.MAX_VALUE),
                    () -> NODES.numberNode(Double.MIN_VALUE), () -> NODES.numberNode(-0.0),
                    () -> NODES.numberNode(new BigDecimal("1e309")), () -> NODES.numberNode(new BigDecimal("-1e400")),
                    () -> NODES.numberNode(new BigDecimal("1e-400")), () -> NODES.numberNode(Integer.MAX_VALUE + 1L),
                    () -> NODES.numberNode(new BigDecimal("0." + "9".repeat(400))),
                    () -> NODES.numberNode(0), () -> NODES.numberNode(-1), () -> NODES.numberNode(1.5)), random).get();
            case 4 -> pick(List.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()), random);
            case 5 -> NODES.arrayNode().add(pick(HOSTILE_STRINGS, random)).add(1);
            case 6 -> NODES.objectNode().put(pick(HOSTILE_STRINGS, random), pick(HOSTILE_STRINGS, random));
            case 7 -> {
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 1_001; i++) {
                    many.add("l" + i);
                }
                yield many;
            }
            default -> {
                ObjectNode map = NODES.objectNode();
                for (int i = 0; i < 60; i++) {
                    map.put("k" + i, "v".repeat(400));
                }
                yield map;
            }
        };
    }

    private static byte[] malformedJson(ObjectNode body, Random random) {
        String valid = new String(json(body), StandardCharsets.UTF_8);
        return switch (random.nextInt(12)) {
            case 0 -> valid.substring(0, Math.max(1, valid.length() / 2)).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + " trailing").getBytes(StandardCharsets.UTF_8);
            case 2 -> "{\"value\":NaN,\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"value\":Infinity,\"x\":-Infinity}".getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)).getBytes(StandardCharsets.UTF_8);
            case 6 -> new byte[]{'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
            case 7 -> valid.replaceFirst("\\{", "{\"name\":\"dup\",").getBytes(StandardCharsets.UTF_8);
            case 8 -> ("\ufeff" + valid).getBytes(StandardCharsets.UTF_8);
            case 9 -> valid.getBytes(StandardCharsets.UTF_16);
            case 10 -> "null".getBytes(StandardCharsets.UTF_8);
            default -> "{'name': 'single quotes', /* comment */ }".getBytes(StandardCharsets.UTF_8);
        };
    }

    private static final List<String> CONTENT_TYPES = Arrays.asList("application/jsonx", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/merge-patch+json", "application/x-protobuf", "*/*", "application/json; charset=\"", ";;;", null);

    private static final List<String> HOSTILE_IDS = List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000",
            UUID.randomUUID().toString(), UUID.randomUUID().toString().toUpperCase(Locale.ROOT), "1", "-1",
            "9223372036854775808", "%2e%2e", "..", "%20", "%E2%80%AE", "%F0%9F%98%80", "%ED%A0%80", "%C3%A9",
            "a".repeat(2_000), "0123456789abcdef0123456789abcdef", "null", "%2F", "%5C", "%3Cscript%3E",
            "3f2b8c1e-0a4d-4e6f-9b7a-1c2d3e4f5a6bx", "%7BscoreId%7D", "%252e");

    private static final List<String> HOSTILE_QUERY = List.of("", "-1", "0", "1001", "9223372036854775808", "1e309", "NaN",
            "Infinity", "%00", "%ED%A0%80", "%ED%BF%BF", "%E2%80%AE", "%FF", "%C0%AF", "%2B999999-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2300-01-01T00:00:00Z",
            "2262-04-11T23:47:16.854775807Z", "2026-02-30T00:00:00Z", "yesterday", "true", "TRUE", "maybe", "%3D%3D",
            "a=b=c", "%3D", "not-a-uuid", "x".repeat(5_000), "%20%20", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR",
            "ｓｅｒｖｅｒ", "%F0%9F%98%80", "..%2F..%2F", "%22%3B%20DROP", "0123456789ABCDEF0123456789ABCDEF");

    private static final List<Supplier<String>> HOSTILE_CURSORS = List.of(() -> "", () -> "garbage", () -> "a.b.c.d",
            () -> "!!!!", () -> "Zm9v", () -> "Zm9v.YmFy", () -> "MTIz.bm90LWEtdXVpZA", () -> "OTIyMzM3MjAzNjg1NDc3NTgwOA.MQ",
            () -> "LTk5OTk5OTk5OTk5OTk5OTk5OTk.MQ", () -> "OTk5OTk5OTk5OTk5OTk5OTk.MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw",
            () -> "%ED%A0%80", () -> "7w", () -> "_-_-", () -> "x".repeat(3_000), () -> "...", () -> "AAAA.AAAA.AAAA");

    private static final List<Supplier<String>> HOSTILE_AUTH = List.of(() -> null, () -> "", () -> "Bearer", () -> "Bearer ",
            () -> "Bearer garbage", () -> "Basic dXNlcjpwYXNz", () -> "bearer " + TestService.BOOTSTRAP_KEY.toUpperCase(Locale.ROOT),
            () -> "Bearer " + KEYS.get("viewer"), () -> "Bearer " + KEYS.get("other"), () -> "Bearer " + KEYS.get("annotator"),
            () -> "Bearer " + "k".repeat(6_000), () -> "Bearer ak_" + "0".repeat(40), () -> "Bearer  " + TestService.BOOTSTRAP_KEY,
            () -> "Bearer " + TestService.BOOTSTRAP_KEY + " extra", () -> "Negotiate abc", () -> "Bearer \t");

    // ---- OTLP -----------------------------------------------------------------------------------------

    private static Request otlp(Route route, Random random, String kind) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + KEYS.get("admin"));
        boolean json = random.nextBoolean();
        headers.put("Content-Type", json ? "application/json" : "application/x-protobuf");
        byte[] body = json ? otlpJson(random, false) : validExport().toByteArray();
        String method = "POST";
        switch (kind) {
            case "field", "extra", "drop" -> {
                if (json) {
                    body = otlpJson(random, true);
                } else {
                    long start = pick(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L, 9_200_000_000_000_000_000L),
                            random);
                    body = export(traceId, spanId, start, pick(HOSTILE_STRINGS, random)).toByteArray();
                }
            }
            case "malformed" -> body = pick(List.<Supplier<byte[]>>of(() -> randomBytes(random, 200), () -> new byte[]{(byte) 0x0a, (byte) 0xff},
                    () -> truncated(validExport().toByteArray()), () -> "{\"resourceSpans\":".getBytes(),
                    () -> "{\"resourceSpans\":[{\"scopeSpans\":\"x\"}]}".getBytes(), () -> "[1,2]".getBytes(),
                    () -> "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":\"\",\"startTimeUnixNano\":\"18446744073709551616\"}]}]}]}".getBytes()),
                    random).get();
            case "content-type" -> {
                String type = pick(CONTENT_TYPES, random);
                if (type == null) {
                    headers.remove("Content-Type");
                } else {
                    headers.put("Content-Type", type);
                }
            }
            case "huge" -> {
                headers.put("Content-Encoding", "gzip");
                body = random.nextBoolean() ? gzipBomb : gzip(randomBytes(random, 5_000));
            }
            case "cursor", "query" -> headers.put("Content-Encoding", pick(List.of("br", "deflate", "gzip", "GZIP, identity",
                    "identity", "compress", ""), random));
            case "path-id" -> {
                return new Request(kind, "POST", route.template() + pick(List.of("/x", "s", "%00", "/../logs", "?x=%ff"), random),
                        headers, body, false, null);
            }
            case "method" -> method = pick(List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"), random);
            case "auth" -> {
                String auth = pick(HOSTILE_AUTH, random).get();
                if (auth == null) {
                    headers.remove("Authorization");
                } else {
                    headers.put("Authorization", auth);
                }
            }
            case "raw" -> {
                return raw(route, Map.of(), random);
            }
            default -> {
                // valid
            }
        }
        return new Request(kind, method, route.template(), headers, body, false, null);
    }

    private static byte[] otlpJson(Random random, boolean hostile) {
        ObjectNode span = NODES.objectNode().put("traceId", traceId).put("spanId", spanId).put("name", "chat").put("kind", 3)
                .put("startTimeUnixNano", Long.toString(Instant.now().toEpochMilli() * 1_000_000L))
                .put("endTimeUnixNano", Long.toString(Instant.now().toEpochMilli() * 1_000_000L + 5));
        if (hostile) {
            String field = pick(List.of("traceId", "spanId", "name", "kind", "startTimeUnixNano", "endTimeUnixNano",
                    "parentSpanId", "attributes", "status", "events"), random);
            span.set(field, pick(List.<Supplier<JsonNode>>of(() -> hostileValue(random), () -> NODES.textNode("18446744073709551615"),
                    () -> NODES.textNode("9223372036854775808"), () -> NODES.numberNode(-1),
                    () -> NODES.arrayNode().add(NODES.objectNode().put("key", pick(HOSTILE_STRINGS, random))
                            .set("value", NODES.objectNode().put("stringValue", pick(HOSTILE_STRINGS, random))))), random).get());
        }
        ObjectNode root = NODES.objectNode();
        root.putArray("resourceSpans").addObject().putArray("scopeSpans").addObject().putArray("spans").add(span);
        return json(root);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] truncated(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- raw requests -------------------------------------------------------------------------------

    /** What java.net.http refuses to send: invalid percent-encoding, NULs, oversized heads, broken framing. */
    private static Request raw(Route route, Map<String, String> pathIds, Random random) {
        String path = path(route.template(), pathIds);
        String key = KEYS.get("admin");
        String head = switch (random.nextInt(9)) {
            case 0 -> route.method() + " " + path + pick(List.of("%00", "%ff", "%C0%AF", "%ED%A0%80", "%", "%zz"), random)
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key;
            case 1 -> route.method() + " " + path + "?" + "q=" + "z".repeat(20_000) + " HTTP/1.1\r\nHost: localhost";
            case 2 -> route.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "p".repeat(20_000);
            case 3 -> route.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5";
            case 4 -> route.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 3";
            case 5 -> route.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \u00e9\u00ff\u0001";
            case 6 -> route.method() + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\u0000";
            case 7 -> route.method() + " " + path + " HTTP/9.9\r\nHost: localhost";
            default -> route.method() + " " + path + "?cursor=%ED%A0%80&limit=%FF HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key;
        };
        return new Request("raw", route.method(), path, Map.of(), new byte[0], true, head);
    }

    // ---- sending and checking -----------------------------------------------------------------------

    /**
     * Every request goes over a raw socket: java.net.http would refuse some of them (restricted headers,
     * control characters) before they left, and the service must answer whatever arrives.
     */
    private static Answer send(Request request) {
        String head = request.rawHead();
        if (!request.raw()) {
            StringBuilder built = new StringBuilder(request.method()).append(' ').append(request.path())
                    .append(" HTTP/1.1\r\nHost: localhost");
            request.headers().forEach((name, value) -> built.append("\r\n").append(name).append(": ").append(value));
            if (request.body().length > 0 || List.of("POST", "PUT", "PATCH").contains(request.method())) {
                built.append("\r\nContent-Length: ").append(request.body().length);
            }
            head = built.toString();
        }
        RawHttp.Response response = RawHttp.send(port, head, request.body());
        return new Answer(response.status(), response.header("Content-Type"), response.body());
    }

    /** What is wrong with the answer, or null. */
    private static String check(Request request, Answer answer) {
        if (answer.status() >= 500 && !(answer.status() == 505 && request.raw() && request.rawHead().contains(" HTTP/9.9"))) {
            // 505 is the one 5xx HTTP defines for a client's choice: a protocol version we do not speak
            return "status " + answer.status();
        }
        String text = answer.text();
        if (text.contains("\tat ") || text.contains("Exception") || text.contains(".java:")) {
            return "stack trace text in the body";
        }
        if (answer.status() < 400 || request.method().equals("HEAD")) {
            return null;
        }
        String contentType = answer.contentType() == null ? "" : answer.contentType();
        boolean otlpPath = request.path().startsWith("/v1/");
        // Jetty cannot know the path of a request line it could not read (a NUL, a URI over its limit, a
        // broken request line): it answers problem+json then, even under /v1/*
        boolean unreadable = request.raw() || answer.status() == 414 || request.path().contains("%00");
        if (otlpPath && answer.status() != 415 && !contentType.startsWith("application/problem+json")) {
            return rpcStatusProblem(contentType, answer);
        }
        if (otlpPath && contentType.startsWith("application/problem+json") && answer.status() != 415 && !unreadable) {
            return "problem+json under /v1/* for " + answer.status();
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "error without problem+json";
        }
        try {
            JsonNode problem = READ.readTree(answer.body());
            for (String field : List.of("type", "title", "detail")) {
                if (!problem.path(field).isTextual() || problem.get(field).asText().isBlank()) {
                    return "problem without " + field;
                }
            }
            if (problem.path("status").asInt() != answer.status()) {
                return "problem status " + problem.path("status") + " differs";
            }
        } catch (IOException e) {
            return "problem+json that is not JSON";
        }
        return null;
    }

    private static String rpcStatusProblem(String contentType, Answer answer) {
        try {
            if (contentType.startsWith("application/json")) {
                JsonNode status = READ.readTree(answer.body());
                return status.path("code").isInt() && status.path("message").isTextual() ? null : "not a JSON google.rpc.Status";
            }
            if (contentType.startsWith("application/x-protobuf")) {
                UnknownFieldSet status = UnknownFieldSet.parseFrom(answer.body());
                return status.hasField(1) && !status.getField(1).getVarintList().isEmpty() ? null : "not a protobuf google.rpc.Status";
            }
        } catch (IOException e) {
            return "unreadable google.rpc.Status";
        }
        return "an OTLP error in " + contentType;
    }

    /** 10^17 ns: the first instant with nine digits of epoch seconds, 1973-03-03T09:46:40Z. */
    private static final BigInteger NINE_DIGIT_SECONDS = BigInteger.TEN.pow(17);

    /** An unsigned fixed64 time below {@link #NINE_DIGIT_SECONDS} (0 included: an event without a time). */
    private static boolean beforeNineDigitSeconds(long nanos) {
        return Long.compareUnsigned(nanos, NINE_DIGIT_SECONDS.longValueExact()) < 0;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String path(String template, Map<String, String> ids) {
        String path = template;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        return path;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("?");
        query.forEach((name, value) -> text.append(text.length() == 1 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                // the hostile values are written pre-encoded where they hold a percent escape
                .append(value.contains("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }

    private static byte[] json(JsonNode node) {
        try {
            return WRITE.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T pick(List<T> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
