package dev.annotations.api.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.ApiClient;
import dev.annotations.api.Polling;
import dev.annotations.api.SharedClickHouse;
import dev.annotations.api.TestService;
import dev.annotations.api.ui.ChatTraces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Datasets through the HTTP API against the real engine: versions, fills from traffic, exports, import. */
class DatasetApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = TestService.BOOTSTRAP_KEY;
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

    private static String dataset(String name) {
        ApiClient.Response created = client.postJson("/api/v1/datasets", ADMIN, "{\"name\":\"" + name + "\",\"description\":\"d\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isZero();
        return created.json().get("id").asText();
    }

    private static JsonNode items(String dataset, String query) {
        ApiClient.Response response = client.get("/api/v1/datasets/" + dataset + "/items" + query, ADMIN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("items");
    }

    private static HttpResponse<byte[]> download(String path) throws Exception {
        HttpRequest request = client.request(path, ADMIN).GET().build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void every_change_makes_a_version_and_old_versions_stay_as_they_were() {
        String dataset = dataset("versions");
        ApiClient.Response added = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"items\":[{\"input\":\"a\",\"expectedOutput\":\"A\"},{\"input\":{\"q\":\"b\"},\"metadata\":{\"k\":1}}]}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("version").asInt()).isEqualTo(1);
        String first = added.json().get("itemIds").get(0).asText();
        ApiClient.Response edited = client.patchJson("/api/v1/datasets/" + dataset + "/items/" + first, ADMIN,
                "{\"expectedOutput\":\"A2\"}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        ApiClient.Response removed = client.delete("/api/v1/datasets/" + dataset + "/items/" + first, ADMIN);
        assertThat(removed.json().get("version").asInt()).isEqualTo(3);

        assertThat(items(dataset, "?version=1")).hasSize(2);
        assertThat(items(dataset, "?version=1").findValuesAsText("expectedOutput")).contains("A");
        assertThat(items(dataset, "?version=2").findValues("expectedOutput").stream().map(JsonNode::asText)).contains("A2");
        assertThat(items(dataset, "")).hasSize(1);
        assertThat(items(dataset, "").get(0).get("input").get("q").asText()).isEqualTo("b");
        JsonNode got = client.get("/api/v1/datasets/" + dataset, ADMIN).json();
        assertThat(got.get("version").asInt()).isEqualTo(3);
        assertThat(got.get("itemCount").asInt()).isEqualTo(1);
        JsonNode versions = client.get("/api/v1/datasets/" + dataset + "/versions", ADMIN).json().get("items");
        assertThat(versions.findValuesAsText("description")).containsExactly("added 2 items", "edited item " + first,
                "removed item " + first);
        assertThat(client.get("/api/v1/datasets/" + dataset + "/items?version=4", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void a_dataset_name_is_unique_per_project() {
        dataset("unique");
        ApiClient.Response again = client.postJson("/api/v1/datasets", ADMIN, "{\"name\":\"unique\"}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void filling_from_targets_takes_messages_from_the_span_and_the_expected_output_from_human_consensus() {
        String trace = ChatTraces.traceId();
        assertThat(client.post("/v1/traces", ADMIN, "application/json",
                ChatTraces.chat(trace, "session-1", "Weather in Lisbon?", "It is 18 °C.")).status()).isEqualTo(200);
        String chatSpan = poll("the chat span", () -> {
            ApiClient.Response found = client.get("/api/v1/spans?traceId=" + trace + "&name=chat%20gpt-4o", ADMIN);
            return found.status() == 200 && found.json().get("items").size() == 1
                    ? found.json().get("items").get(0).get("spanId").asText() : null;
        });
        String target = "{\"type\":\"SPAN\",\"traceId\":\"" + trace + "\",\"spanId\":\"" + chatSpan + "\"}";
        for (String[] annotator : new String[][]{{"ann-a", "4"}, {"ann-b", "2"}}) {
            String key = client.postJson("/api/v1/projects/" + project() + "/keys", ADMIN,
                    "{\"name\":\"" + annotator[0] + "\",\"role\":\"ANNOTATOR\"}").json().get("key").asText();
            ApiClient.Response score = client.postJson("/api/v1/scores", key, "{\"target\":" + target
                    + ",\"name\":\"helpfulness\",\"value\":" + annotator[1] + "}");
            assertThat(score.status()).as(score.body()).isEqualTo(201);
        }
        String dataset = dataset("filled");
        ApiClient.Response filled = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"fromTargets\":[" + target + "]}");
        assertThat(filled.status()).as(filled.body()).isEqualTo(201);
        assertThat(filled.json().get("added").asInt()).isEqualTo(1);
        JsonNode item = items(dataset, "").get(0);
        assertThat(item.get("input").toString()).contains("Weather in Lisbon?");
        assertThat(item.get("expectedOutput").get("output").toString()).contains("It is 18 °C.");
        assertThat(item.get("expectedOutput").get("labels").get("helpfulness").asDouble()).isEqualTo(3.0);
        assertThat(item.get("metadata").get("scores").findValuesAsText("author")).containsExactlyInAnyOrder("ann-a", "ann-b");
        assertThat(item.get("source").get("spanId").asText()).isEqualTo(chatSpan);
        assertThat(item.get("consensus").get(0).get("method").asText()).isEqualTo("MEAN");

        ApiClient.Response again = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"fromTargets\":[" + target + "]}");
        assertThat(again.json().get("added").asInt()).as("re-adding the same span is a no-op").isZero();
        assertThat(again.json().get("alreadyPresent").asInt()).isEqualTo(1);
        assertThat(client.get("/api/v1/datasets/" + dataset, ADMIN).json().get("version").asInt()).isEqualTo(1);

        ApiClient.Response scoreOnItem = client.postJson("/api/v1/scores", ADMIN, "{\"target\":{\"type\":\"DATASET_ITEM\","
                + "\"datasetId\":\"" + dataset + "\",\"itemId\":\"" + item.get("id").asText() + "\"},\"name\":\"ok\",\"value\":1}");
        assertThat(scoreOnItem.status()).as(scoreOnItem.body()).isEqualTo(201);
        assertThat(client.get("/api/v1/scores/" + scoreOnItem.json().get("id").asText(), ADMIN).json().get("target")
                .get("itemId").asText()).isEqualTo(item.get("id").asText());
    }

    @Test
    void filling_from_a_queue_after_two_annotators_and_a_review_carries_the_approved_consensus_and_every_score()
            throws Exception {
        String trace = ChatTraces.traceId();
        assertThat(client.post("/v1/traces", ADMIN, "application/json",
                ChatTraces.chat(trace, "session-q", "Is it raining?", "No, it is dry.")).status()).isEqualTo(200);
        String chatSpan = chatSpan(trace);
        String config = client.postJson("/api/v1/score-configs", ADMIN,
                "{\"name\":\"quality\",\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5,\"step\":1}").json().get("id").asText();
        String a1 = key("q-ann-1", "ANNOTATOR");
        String a2 = key("q-ann-2", "ANNOTATOR");
        String reviewer = key("q-rev", "REVIEWER");
        ApiClient.Response queue = client.postJson("/api/v1/queues", ADMIN, "{\"name\":\"to-dataset\","
                + "\"scoreConfigIds\":[\"" + config + "\"],\"annotators\":[\"q-ann-1\",\"q-ann-2\"],\"reviewers\":[\"q-rev\"],"
                + "\"strategy\":\"ROUND_ROBIN\",\"annotatorsPerItem\":2,\"reservationTimeoutSeconds\":600,\"reviewRequired\":true}");
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        String queueId = queue.json().get("id").asText();
        ApiClient.Response added = client.postJson("/api/v1/queues/" + queueId + "/items", ADMIN, "{\"targets\":[{\"type\":\"SPAN\","
                + "\"traceId\":\"" + trace + "\",\"spanId\":\"" + chatSpan + "\"}]}");
        String item = added.json().get("items").get(0).get("id").asText();
        for (String[] annotator : new String[][]{{a1, "5"}, {a2, "3"}}) {
            assertThat(client.postJson("/api/v1/queues/" + queueId + "/next", annotator[0], "{}").status()).isEqualTo(200);
            ApiClient.Response submitted = client.postJson("/api/v1/queues/" + queueId + "/items/" + item + "/submit",
                    annotator[0], "{\"scores\":[{\"configId\":\"" + config + "\",\"value\":" + annotator[1] + "}]}");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        }
        ApiClient.Response approved = client.postJson("/api/v1/queues/" + queueId + "/items/" + item + "/approve", reviewer, "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        String dataset = dataset("from-queue");
        ApiClient.Response job = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"fromQueue\":{\"queueId\":\"" + queueId + "\",\"status\":[\"APPROVED\"]}}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        JsonNode done = poll("the fill job done", () -> {
            JsonNode state = client.get(job.header("Location"), ADMIN).json();
            assertThat(state.get("status").asText()).as(state.toString()).isIn("RUNNING", "DONE");
            return state.get("status").asText().equals("DONE") ? state : null;
        });
        assertThat(done.get("added").asInt()).isEqualTo(1);
        assertThat(done.get("datasetVersion").asInt()).isEqualTo(1);
        JsonNode filled = items(dataset, "").get(0);
        assertThat(filled.get("source").get("queueId").asText()).isEqualTo(queueId);
        assertThat(filled.get("expectedOutput").get("labels").get("quality").asDouble()).isEqualTo(4.0);
        assertThat(filled.get("consensus").get(0).get("method").asText()).isEqualTo("REVIEW");
        assertThat(filled.get("metadata").get("scores").findValuesAsText("author")).containsExactlyInAnyOrder("q-ann-1", "q-ann-2");
        assertThat(filled.get("metadata").get("scores").findValuesAsText("source")).containsOnly("ANNOTATION");

        // every format carries the same item
        HttpResponse<byte[]> jsonl = download("/api/v1/datasets/" + dataset + "/export?format=jsonl");
        JsonNode line = JSON.readTree(jsonl.body());
        assertThat(line.get("expectedOutput")).isEqualTo(filled.get("expectedOutput"));
        assertThat(line.get("metadata")).isEqualTo(filled.get("metadata"));
        assertThat(line.get("consensus")).isEqualTo(filled.get("consensus"));
        HttpResponse<byte[]> chat = download("/api/v1/datasets/" + dataset + "/export?format=chat-jsonl");
        assertThat(new String(chat.body(), StandardCharsets.UTF_8)).contains("Is it raining?", "No, it is dry.");
    }

    @Test
    void filling_from_a_span_filter_runs_as_a_job_and_adds_each_matching_span_once() {
        String trace = ChatTraces.traceId();
        assertThat(client.post("/v1/traces", ADMIN, "application/json",
                ChatTraces.chat(trace, null, "Filter me?", "Filtered.")).status()).isEqualTo(200);
        // the window reaches past now: the trace's tool span starts 300 ms after the request it belongs to
        chatSpan(trace);
        String dataset = dataset("from-filter");
        for (int round = 0; round < 2; round++) {
            ApiClient.Response job = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                    "{\"fromFilter\":{\"traceId\":\"" + trace + "\",\"from\":\"" + java.time.Instant.now().minusSeconds(3600)
                            + "\",\"to\":\"" + java.time.Instant.now().plusSeconds(3600) + "\"}}");
            assertThat(job.status()).as(job.body()).isEqualTo(202);
            JsonNode done = poll("the filter job done", () -> {
                JsonNode state = client.get(job.header("Location"), ADMIN).json();
                return state.get("status").asText().equals("DONE") ? state : null;
            });
            assertThat(done.get("matched").asInt()).isEqualTo(3);
            assertThat(done.get("added").asInt()).as("round " + round).isEqualTo(round == 0 ? 3 : 0);
        }
        assertThat(client.get("/api/v1/datasets/" + dataset, ADMIN).json().get("itemCount").asInt()).isEqualTo(3);
        ApiClient.Response bad = client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"fromFilter\":{\"kind\":\"SIDEWAYS\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("fromFilter.kind");
    }

    private static String chatSpan(String trace) {
        return poll("the chat span", () -> {
            ApiClient.Response found = client.get("/api/v1/spans?traceId=" + trace + "&name=chat%20gpt-4o", ADMIN);
            return found.status() == 200 && found.json().get("items").size() == 1
                    ? found.json().get("items").get(0).get("spanId").asText() : null;
        });
    }

    private static String key(String name, String role) {
        return client.postJson("/api/v1/projects/" + project() + "/keys", ADMIN,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").json().get("key").asText();
    }

    @Test
    void a_score_on_an_unknown_dataset_item_is_refused_naming_the_field() {
        String dataset = dataset("scored");
        ApiClient.Response unknownDataset = client.postJson("/api/v1/scores", ADMIN, "{\"target\":{\"type\":\"DATASET_ITEM\","
                + "\"datasetId\":\"" + java.util.UUID.randomUUID() + "\",\"itemId\":\"" + java.util.UUID.randomUUID()
                + "\"},\"name\":\"ok\",\"value\":1}");
        assertThat(unknownDataset.status()).isEqualTo(400);
        assertThat(unknownDataset.body()).contains("target.datasetId");
        ApiClient.Response unknownItem = client.postJson("/api/v1/scores", ADMIN, "{\"target\":{\"type\":\"DATASET_ITEM\","
                + "\"datasetId\":\"" + dataset + "\",\"itemId\":\"" + java.util.UUID.randomUUID() + "\"},\"name\":\"ok\",\"value\":1}");
        assertThat(unknownItem.status()).isEqualTo(400);
        assertThat(unknownItem.body()).contains("target.itemId");
    }

    @Test
    void every_export_format_holds_the_items_of_the_version_asked_for() throws Exception {
        String dataset = dataset("exported");
        client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN,
                "{\"items\":[{\"input\":[{\"role\":\"user\",\"content\":\"hi, \\\"you\\\"\\nthere\"}],\"expectedOutput\":\"hello\"},"
                        + "{\"input\":\"plain\",\"expectedOutput\":{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}]}}]}");
        client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN, "{\"items\":[{\"input\":\"later\"}]}");

        HttpResponse<byte[]> jsonl = download("/api/v1/datasets/" + dataset + "/export?format=jsonl&version=1");
        assertThat(jsonl.statusCode()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        try (MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class).readValues(jsonl.body())) {
            rows.forEachRemaining(lines::add);
        }
        JsonNode listed = items(dataset, "?version=1");
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(lines.get(i).get("id")).isEqualTo(listed.get(i).get("id"));
            assertThat(lines.get(i).get("input")).isEqualTo(listed.get(i).get("input"));
            assertThat(lines.get(i).get("expectedOutput")).isEqualTo(listed.get(i).get("expectedOutput"));
        }

        HttpResponse<byte[]> csv = download("/api/v1/datasets/" + dataset + "/export?format=csv&version=1");
        String csvText = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(csvText).startsWith("\"id\",\"input\"").contains("\r\n");
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> read = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csvText)) {
            read.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(JSON.readTree(rows.get(i).get("input"))).isEqualTo(listed.get(i).get("input"));
        }

        HttpResponse<byte[]> parquet = download("/api/v1/datasets/" + dataset + "/export?format=parquet&version=1");
        byte[] file = parquet.body();
        assertThat(new String(file, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(file, file.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertTheEngineReadsBack("Parquet", file, listed);
        assertTheEngineReadsBack("CSVWithNames", csv.body(), listed);

        HttpResponse<byte[]> chat = download("/api/v1/datasets/" + dataset + "/export?format=chat-jsonl");
        List<JsonNode> chats = new ArrayList<>();
        try (MappingIterator<JsonNode> read = JSON.readerFor(JsonNode.class).readValues(chat.body())) {
            read.forEachRemaining(chats::add);
        }
        assertThat(chats).hasSize(3);
        assertThat(chats).allSatisfy(line -> assertThat(line.get("messages").isArray()).isTrue());
        assertThat(chats.toString()).contains("{\"role\":\"user\",\"content\":\"hi, \\\"you\\\"\\nthere\"}",
                "{\"role\":\"assistant\",\"content\":\"hello\"}", "{\"role\":\"assistant\",\"content\":\"x\"}",
                "{\"role\":\"user\",\"content\":\"plain\"}");
    }

    @ParameterizedTest(name = "format={0}")
    @ValueSource(strings = {"xml", ""})
    void an_unknown_format_is_refused_listing_the_supported_ones(String format) {
        String dataset = dataset("formats-" + format);
        ApiClient.Response response = client.get("/api/v1/datasets/" + dataset + "/export?format=" + format, ADMIN);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("format").contains("jsonl, csv, parquet, chat-jsonl");
        ApiClient.Response scores = client.get("/api/v1/exports/scores?format=" + format, ADMIN);
        assertThat(scores.status()).isEqualTo(400);
        assertThat(scores.body()).contains("jsonl, csv, parquet, chat-jsonl");
    }

    @Test
    void a_score_export_matching_nothing_is_an_empty_file_with_its_header() throws Exception {
        HttpResponse<byte[]> csv = download("/api/v1/exports/scores?format=csv&name=nothing-has-this-name");
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\"id\",\"timestamp\",\"name\"").endsWith("\r\n");
        assertThat(text.split("\r\n")).hasSize(1);
        HttpResponse<byte[]> jsonl = download("/api/v1/exports/scores?format=jsonl&name=nothing-has-this-name");
        assertThat(jsonl.body()).isEmpty();
        HttpResponse<byte[]> parquet = download("/api/v1/exports/scores?format=parquet&name=nothing-has-this-name");
        assertThat(parquet.statusCode()).isEqualTo(200);
        assertThat(new String(parquet.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    }

    @Test
    void an_import_with_a_bad_line_imports_nothing_and_names_each_bad_line() {
        String dataset = dataset("imported");
        String body = "{\"input\":\"one\",\"expectedOutput\":\"1\"}\n{\"input\":\"two\",\"metadata\":[1]}\nnot json\n"
                + "{\"expectedOutput\":\"no input\"}\n";
        ApiClient.Response refused = client.post("/api/v1/datasets/" + dataset + "/items:import", ADMIN,
                "application/x-ndjson", body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("lines[2].metadata", "lines[3].json", "lines[4].input", "nothing was imported");
        assertThat(client.get("/api/v1/datasets/" + dataset, ADMIN).json().get("version").asInt()).isZero();
        assertThat(items(dataset, "")).isEmpty();

        ApiClient.Response imported = client.post("/api/v1/datasets/" + dataset + "/items:import", ADMIN,
                "application/x-ndjson", "{\"input\":\"one\",\"expectedOutput\":\"1\"}\n\n{\"input\":{\"q\":2}}\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        ApiClient.Response csv = client.post("/api/v1/datasets/" + dataset + "/items:import", ADMIN, "text/csv",
                "input,expectedOutput,metadata\r\n\"multi\r\nline\",\"{\"\"a\"\":1}\",\r\n");
        assertThat(csv.status()).as(csv.body()).isEqualTo(201);
        JsonNode all = items(dataset, "");
        assertThat(all).hasSize(3);
        assertThat(all.findValues("input").stream().map(JsonNode::toString)).contains("\"multi\\r\\nline\"", "{\"q\":2}");
    }

    @Test
    void an_export_job_reports_progress_and_serves_the_file_once_done() throws Exception {
        String dataset = dataset("job");
        client.postJson("/api/v1/datasets/" + dataset + "/items", ADMIN, "{\"items\":[{\"input\":\"x\"},{\"input\":\"y\"}]}");
        ApiClient.Response started = client.post("/api/v1/exports?kind=dataset&format=jsonl&datasetId=" + dataset,
                ADMIN, "application/json", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asText();
        JsonNode done = poll("the export job done", () -> {
            ApiClient.Response response = client.get("/api/v1/exports/" + id, ADMIN);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode job = response.json();
            assertThat(job.get("state").asText()).as(response.body()).isIn("RUNNING", "DONE");
            return job.get("state").asText().equals("DONE") ? job : null;
        });
        assertThat(done.get("rows").asInt()).isEqualTo(2);
        HttpResponse<byte[]> file = download(done.get("download").asText());
        assertThat(new String(file.body(), StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    private static <T> T poll(String what, java.util.function.Supplier<T> found) {
        java.util.concurrent.atomic.AtomicReference<T> value = new java.util.concurrent.atomic.AtomicReference<>();
        Polling.until(Duration.ofSeconds(60), what, () -> {
            value.set(found.get());
            return value.get() != null;
        });
        return value.get();
    }

    private static String project() {
        return client.get("/api/v1/projects", ADMIN).json().get("projects").get(0).get("id").asText();
    }

    /** The engine's own reader of {@code format} finds the listed items' ids and inputs in an exported file. */
    private static void assertTheEngineReadsBack(String format, byte[] exported, JsonNode listed) throws Exception {
        Path written = Files.createTempFile("dataset-export", "." + format);
        try {
            Files.write(written, exported);
            String rows = SharedClickHouse.engine().directQuery("SELECT id, input FROM file('" + written + "', '" + format
                    + "', 'id String, input String') SETTINGS input_format_skip_unknown_fields = 1 FORMAT JSONEachRow");
            List<JsonNode> back = new ArrayList<>();
            try (MappingIterator<JsonNode> read = JSON.readerFor(JsonNode.class).readValues(rows)) {
                read.forEachRemaining(back::add);
            }
            assertThat(back).as(format).hasSize(listed.size());
            for (int i = 0; i < back.size(); i++) {
                assertThat(back.get(i).get("id").asText()).as(format).isEqualTo(listed.get(i).get("id").asText());
                assertThat(JSON.readTree(back.get(i).get("input").asText())).as(format).isEqualTo(listed.get(i).get("input"));
            }
        } finally {
            Files.deleteIfExists(written);
        }
    }
}
