package dev.annotations.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.AnnotationService;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import dev.annotations.client.api.AnalyticsApi;
import dev.annotations.client.api.DatasetsApi;
import dev.annotations.client.api.EvaluationApi;
import dev.annotations.client.api.KeysApi;
import dev.annotations.client.api.OtlpApi;
import dev.annotations.client.api.ProjectsApi;
import dev.annotations.client.api.QueuesApi;
import dev.annotations.client.api.ScoreConfigsApi;
import dev.annotations.client.api.ScoresApi;
import dev.annotations.client.api.SystemApi;
import dev.annotations.client.api.TracesApi;
import dev.annotations.client.model.AddQueueItemsRequest;
import dev.annotations.client.model.AssignQueueItemRequest;
import dev.annotations.client.model.AutomationDraft;
import dev.annotations.client.model.DatasetAddItems;
import dev.annotations.client.model.DatasetDraft;
import dev.annotations.client.model.DatasetItem;
import dev.annotations.client.model.DatasetItemDraft;
import dev.annotations.client.model.EditAutomationRequest;
import dev.annotations.client.model.ExportJob;
import dev.annotations.client.model.Category;
import dev.annotations.client.model.CreateKey;
import dev.annotations.client.model.CreateProject;
import dev.annotations.client.model.EditProject;
import dev.annotations.client.model.EditQueueRequest;
import dev.annotations.client.model.IssuedKey;
import dev.annotations.client.model.QueueDraft;
import dev.annotations.client.model.QueueItem;
import dev.annotations.client.model.Reservation;
import dev.annotations.client.model.ReturnQueueItemRequest;
import dev.annotations.client.model.Role;
import dev.annotations.client.model.Score;
import dev.annotations.client.model.ScoreBatch;
import dev.annotations.client.model.ScoreConfig;
import dev.annotations.client.model.ScoreConfigDraft;
import dev.annotations.client.model.ScoreConfigPatch;
import dev.annotations.client.model.ScorePatch;
import dev.annotations.client.model.ScoreRequest;
import dev.annotations.client.model.SubmitQueueItemRequest;
import dev.annotations.client.model.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated client against the real service on the embedded engine: every operation of the OpenAPI
 * document is called through it and must answer 2xx with a body the client can read. The last test fails
 * when the document has an operation no test here called, so a new route needs a round trip here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = HexFormat.of().formatHex(randomBytes(16));
    private static final String SPAN = HexFormat.of().formatHex(randomBytes(8));
    private static final Set<String> CALLED = new ConcurrentSkipListSet<>();
    private static final List<Operation> OPERATIONS = new ArrayList<>();

    private record Operation(String method, Pattern path, String name) {
    }

    private static AnnotationService service;
    private static ApiClient admin;
    private static ApiClient annotator;
    private static UUID projectId;
    private static UUID helpfulness;
    private static UUID queueId;
    private static final List<UUID> reserved = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(TestService.freshDatabase());
        var document = JSON.readTree(Path.of("../annotation-api/src/main/resources/openapi.json").toFile());
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                OPERATIONS.add(new Operation(operation.getKey().toUpperCase(java.util.Locale.ROOT),
                        Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+")),
                        operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
            }
        }));
        admin = client(TestService.BOOTSTRAP_KEY);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A client for one key that records each operation answered with 2xx. */
    private static ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + service.port());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        client.setResponseInterceptor(response -> {
            if (response.statusCode() / 100 == 2) {
                String path = response.request().uri().getPath();
                OPERATIONS.stream().filter(op -> op.method().equals(response.request().method())
                        && op.path().matcher(path).matches()).map(Operation::name).findFirst().ifPresent(CALLED::add);
            }
        });
        return client;
    }

    @Test
    @Order(1)
    void system_routes_answer_through_the_client() throws Exception {
        SystemApi system = new SystemApi(admin);
        assertThat(system.getHealth().getStatus()).isEqualTo("ok");
        assertThat(system.getReady().getSchemaVersion()).isPositive();
        assertThat(JSON.valueToTree(system.getOpenApi()).has("paths")).isTrue();
        assertThat(system.getDocsWithHttpInfo().getStatusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void projects_and_keys_round_trip() throws Exception {
        ProjectsApi projects = new ProjectsApi(admin);
        KeysApi keys = new KeysApi(admin);
        projectId = projects.whoAmI().getProjectId();
        assertThat(projects.listProjects().getItems()).isNotEmpty();
        var other = projects.createProject(new CreateProject().name("client-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(projects.editProject(other.getId(), new EditProject().name(other.getName() + "-renamed")).getName())
                .endsWith("-renamed");

        IssuedKey issued = keys.createKey(projectId, new CreateKey().name("annotator-1").role(Role.ANNOTATOR));
        annotator = client(issued.getKey());
        IssuedKey spare = keys.createKey(projectId, new CreateKey().name("spare").role(Role.VIEWER));
        assertThat(keys.listKeys(projectId).getItems()).extracting(k -> k.getName()).contains("annotator-1", "spare");
        keys.revokeKey(projectId, spare.getId());
    }

    @Test
    @Order(3)
    void score_configs_of_every_data_type_are_created_without_defaults_the_server_refuses() throws Exception {
        ScoreConfigsApi configs = new ScoreConfigsApi(admin);
        ScoreConfig numeric = configs.createScoreConfig(new ScoreConfigDraft().name("helpfulness")
                .dataType(ScoreConfigDraft.DataTypeEnum.NUMERIC).min(BigDecimal.ONE).max(BigDecimal.valueOf(5)));
        helpfulness = numeric.getId();
        configs.createScoreConfig(new ScoreConfigDraft().name("verdict").dataType(ScoreConfigDraft.DataTypeEnum.CATEGORICAL)
                .addCategoriesItem(new Category().label("good").value(BigDecimal.ONE))
                .addCategoriesItem(new Category().label("bad").value(BigDecimal.ZERO)));
        configs.createScoreConfig(new ScoreConfigDraft().name("thumbs").dataType(ScoreConfigDraft.DataTypeEnum.BOOLEAN));
        configs.createScoreConfig(new ScoreConfigDraft().name("notes").dataType(ScoreConfigDraft.DataTypeEnum.TEXT)
                .categories(List.of()));
        ScoreConfig scratch = configs.createScoreConfig(new ScoreConfigDraft().name("scratch")
                .dataType(ScoreConfigDraft.DataTypeEnum.NUMERIC));

        assertThat(configs.getScoreConfig(helpfulness).getName()).isEqualTo("helpfulness");
        assertThat(configs.editScoreConfig(helpfulness, new ScoreConfigPatch().max(BigDecimal.TEN)).getMax())
                .isEqualByComparingTo("10");
        assertThat(configs.archiveScoreConfig(scratch.getId()).getArchived()).isTrue();
        assertThat(configs.restoreScoreConfig(scratch.getId()).getArchived()).isFalse();
        assertThat(configs.listScoreConfigs(List.of("helpfulness", "verdict"), null, null, null, null).getItems())
                .extracting(ScoreConfig::getName).containsExactly("helpfulness", "verdict");
    }

    @Test
    @Order(4)
    void spans_and_evaluation_events_go_in_through_the_otlp_operations_as_otlp_json() throws Exception {
        OtlpApi otlp = new OtlpApi(admin);
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        Map<String, Object> resource = Map.of("attributes", List.of(attribute("service.name", "checkout")));
        Map<String, Object> span = Map.of("traceId", TRACE, "spanId", SPAN, "name", "chat", "kind", 2,
                "startTimeUnixNano", String.valueOf(now - 5_000_000L), "endTimeUnixNano", String.valueOf(now),
                "attributes", List.of(attribute("session.id", "session-1")));
        otlp.exportTraces(Map.of("resourceSpans", List.of(Map.of("resource", resource,
                "scopeSpans", List.of(Map.of("spans", List.of(span)))))));

        Map<String, Object> event = Map.of("timeUnixNano", String.valueOf(now), "eventName", "gen_ai.evaluation.result",
                "traceId", TRACE, "spanId", SPAN, "attributes", List.of(attribute("gen_ai.evaluation.name", "verdict"),
                        attribute("gen_ai.evaluation.score.label", "no-such-category")));
        otlp.exportLogs(Map.of("resourceLogs", List.of(Map.of("resource", resource,
                "scopeLogs", List.of(Map.of("logRecords", List.of(event)))))));
        service.readEvaluationInbox();

        assertThat(new EvaluationApi(admin).listEvaluationRejections(null, null).getItems()).hasSize(1);
    }

    @Test
    @Order(5)
    void traces_sessions_and_span_search_read_64_bit_durations() throws Exception {
        TracesApi traces = new TracesApi(admin);
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5);

        assertThat(traces.getTrace(TRACE).getDurationNanos()).isEqualTo(5_000_000L);
        assertThat(traces.getSession("session-1", from, to).getTraces()).hasSize(1);
        assertThat(traces.searchSpans(from, to, "checkout", null, null, null, null, null, null, null, null, null, TRACE, null, null)
                .getItems()).hasSize(1);
    }

    @Test
    @Order(6)
    void scores_round_trip_with_64_bit_versions_and_an_empty_labels_list_meaning_none() throws Exception {
        ScoresApi scores = new ScoresApi(admin);
        Target target = new Target().type(Target.TypeEnum.SPAN).traceId(TRACE).spanId(SPAN);
        Score stored = scores.createScore(new ScoreRequest().name("helpfulness").configId(helpfulness).target(target)
                .value(BigDecimal.valueOf(4)).labels(List.of()));
        assertThat(stored.getVersion()).isGreaterThan(Integer.MAX_VALUE);

        var batch = scores.createScores(new ScoreBatch().addScoresItem(new ScoreRequest().name("verdict").target(target)
                .label("good")).addScoresItem(new ScoreRequest().name("notes").target(target).label("fine")));
        assertThat(batch.getStored()).isEqualTo(2);

        assertThat(scores.getScore(stored.getId()).getValue()).isEqualByComparingTo("4");
        Score edited = scores.editScore(stored.getId(), new ScorePatch().value(BigDecimal.valueOf(5)));
        assertThat(edited.getVersion()).isGreaterThan(stored.getVersion());
        assertThat(scores.getScoreHistory(stored.getId(), null, null).getItems()).hasSize(2);
        assertThat(scores.listScores(null, List.of(TRACE), null, null, null, null, List.of("helpfulness", "verdict"),
                null, null, null, null, null, null, null, null, null, null, null, null).getItems())
                .extracting(Score::getName).containsExactlyInAnyOrder("helpfulness", "verdict");
        Score doomed = scores.createScore(new ScoreRequest().name("scratch").target(target).value(BigDecimal.ONE));
        scores.deleteScore(doomed.getId());
    }

    @Test
    @Order(7)
    void a_refused_request_reaches_the_caller_as_a_problem_naming_the_field() {
        ScoresApi scores = new ScoresApi(admin);

        assertThatThrownBy(() -> scores.createScore(new ScoreRequest().name("helpfulness").configId(helpfulness)
                .target(new Target().type(Target.TypeEnum.TRACE).traceId(TRACE)).value(BigDecimal.valueOf(99))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseBody()).contains("\"field\":\"value\"");
                });
    }

    @Test
    @Order(8)
    void a_queue_is_worked_through_take_release_skip_submit_approve_and_return() throws Exception {
        QueuesApi queues = new QueuesApi(admin);
        QueuesApi work = new QueuesApi(annotator);
        queueId = queues.createQueue(new QueueDraft().name("review").addScoreConfigIdsItem(helpfulness)
                .addAnnotatorsItem("annotator-1").addReviewersItem(new ProjectsApi(admin).whoAmI().getName())
                .strategy(QueueDraft.StrategyEnum.ROUND_ROBIN).annotatorsPerItem(1).reviewRequired(true)).getId();
        assertThat(queues.getQueue(queueId).getName()).isEqualTo("review");
        assertThat(queues.listQueues(null, null, null).getItems()).hasSize(1);
        assertThat(queues.editQueue(queueId, new EditQueueRequest().description("be kind")).getDescription())
                .isEqualTo("be kind");
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            targets.add(new Target().type(Target.TypeEnum.TRACE).traceId(HexFormat.of().formatHex(randomBytes(16))));
        }
        assertThat(queues.addQueueItems(queueId, new AddQueueItemsRequest().targets(targets)).getAdded()).isEqualTo(3);

        Reservation first = work.takeNextItem(queueId);
        work.releaseQueueItem(queueId, first.getItem().getId());
        Reservation skipped = work.takeNextItem(queueId);
        work.skipQueueItem(queueId, skipped.getItem().getId());
        for (int i = 0; i < 2; i++) {
            UUID item = work.takeNextItem(queueId).getItem().getId();
            work.submitQueueItem(queueId, item, new SubmitQueueItemRequest().addScoresItem(
                    Map.of("configId", helpfulness.toString(), "value", 3)));
            reserved.add(item);
        }
        assertThat(queues.approveQueueItem(queueId, reserved.get(0)).getStatus()).isEqualTo(QueueItem.StatusEnum.APPROVED);
        queues.returnQueueItem(queueId, reserved.get(1), new ReturnQueueItemRequest().annotator("annotator-1").comment("look again"));
        assertThat(queues.getQueueProgress(queueId)).isNotNull();
        assertThat(queues.listQueueItems(queueId, List.of("APPROVED"), null, null).getItems()).hasSize(1);
    }

    @Test
    @Order(9)
    void queue_items_are_added_by_span_filter_assigned_inspected_and_removed() throws Exception {
        QueuesApi queues = new QueuesApi(admin);
        UUID manual = queues.createQueue(new QueueDraft().name("manual").addScoreConfigIdsItem(helpfulness)
                .addAnnotatorsItem("annotator-1").strategy(QueueDraft.StrategyEnum.MANUAL).annotatorsPerItem(1)).getId();
        var started = queues.addQueueItemsWithHttpInfo(manual, new AddQueueItemsRequest().filter(Map.of("traceId", TRACE,
                "from", Instant.now().minus(1, ChronoUnit.HOURS).toString())));
        assertThat(started.getStatusCode()).isEqualTo(202);
        String location = started.getHeaders().get("location").getFirst();
        UUID jobId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Polling.until(Duration.ofSeconds(60), "the filter job is done", () -> {
            try {
                return "DONE".equals(queues.getQueueJob(manual, jobId).getStatus());
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        UUID item = queues.listQueueItems(manual, null, null, null).getItems().getFirst().getId();

        assertThat(queues.assignQueueItem(manual, item, new AssignQueueItemRequest().addAnnotatorsItem("annotator-1"))
                .getAssignedTo()).containsExactly("annotator-1");
        assertThat(queues.getQueueItem(manual, item).getId()).isEqualTo(item);
        assertThat(queues.getQueueItemHistory(manual, item)).isNotNull();
        queues.removeQueueItem(manual, item);
    }

    @Test
    @Order(10)
    void analytics_answer_through_the_client() throws Exception {
        AnalyticsApi analytics = new AnalyticsApi(admin);
        assertThat(analytics.getAgreement(helpfulness, null, null, null, null, null, null, null)).isNotNull();
        assertThat(analytics.listAgreementUnits(helpfulness, null, null, null, null, null, null, null, null, null, null)
                .getItems()).isNotNull();
        assertThat(analytics.getJudgeCalibration("helpfulness", null, null, null, null, null, null)).isNotNull();
        assertThat(analytics.getRetrievalMetrics(helpfulness, null, null, null, null, null, null, null, null, null, null))
                .isNotNull();
    }

    @Test
    @Order(11)
    void datasets_are_versioned_filled_exported_and_kept_filled_by_automations() throws Exception {
        DatasetsApi datasets = new DatasetsApi(admin);
        UUID dataset = datasets.createDataset(new DatasetDraft().name("golden").description("eval set")).getId();
        assertThat(datasets.getDataset(dataset).getName()).isEqualTo("golden");
        assertThat(datasets.editDataset(dataset, new DatasetDraft().description("the eval set")).getDescription())
                .isEqualTo("the eval set");
        assertThat(datasets.listDatasets(null, null, null).getItems()).extracting(d -> d.getId()).contains(dataset);

        datasets.addDatasetItems(dataset, new DatasetAddItems().addItemsItem(new DatasetItemDraft()
                .input(Map.of("question", "2 + 2?")).expectedOutput("4")));
        assertThat(datasets.importDatasetItems(dataset, "{\"input\":\"hello\",\"expectedOutput\":\"hi\"}\n").getImported())
                .isEqualTo(1L);
        List<DatasetItem> items = datasets.listDatasetItems(dataset, null, null, null).getItems();
        assertThat(items).hasSize(2);
        UUID item = items.getFirst().getId();
        String kept = items.get(1).getId().toString();
        assertThat(datasets.getDatasetItem(dataset, item, null).getId()).isEqualTo(item);
        datasets.editDatasetItem(dataset, item, new DatasetItemDraft().input("edited").expectedOutput("done"));
        datasets.removeDatasetItem(dataset, item);
        assertThat(datasets.listDatasetVersions(dataset, null, null).getItems()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(datasets.exportDataset(dataset, "jsonl", null)).content().asString().contains(kept);
        assertThat(datasets.exportScores("csv", null, TRACE, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null)).content().asString().as("the CSV header at least").isNotEmpty();

        var filling = datasets.addDatasetItemsWithHttpInfo(dataset, new DatasetAddItems().fromFilter(Map.of("traceId", TRACE,
                "from", Instant.now().minus(1, ChronoUnit.HOURS).toString())));
        assertThat(filling.getStatusCode()).isEqualTo(202);
        String location = filling.getHeaders().get("location").getFirst();
        UUID fillJob = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Polling.until(Duration.ofSeconds(60), "the fill job is done", () -> {
            try {
                return "DONE".equals(String.valueOf(datasets.getDatasetJob(dataset, fillJob).getStatus()));
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });

        ExportJob export = datasets.createExport("dataset", dataset.toString(), "jsonl", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        Polling.until(Duration.ofSeconds(60), "the export job is done", () -> {
            try {
                return "DONE".equals(String.valueOf(datasets.getExport(export.getId()).getState()));
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(datasets.downloadExport(export.getId())).content().asString().contains(kept);

        assertThat(datasets.archiveDataset(dataset).getArchived()).isTrue();
        assertThat(datasets.restoreDataset(dataset).getArchived()).isFalse();

        UUID automation = datasets.createAutomation(new AutomationDraft().kind(AutomationDraft.KindEnum.QUEUE_TO_DATASET)
                .queueId(queueId).datasetId(dataset)).getId();
        assertThat(datasets.getAutomation(automation).getId()).isEqualTo(automation);
        datasets.editAutomation(automation, new EditAutomationRequest().enabled(false));
        assertThat(datasets.listAutomations(null).getItems()).isNotEmpty();
        assertThat(datasets.listAutomationRuns(automation, null, null).getItems()).isNotNull();
    }

    @Test
    @Order(99)
    void every_operation_of_the_document_was_called_through_the_client() {
        Set<String> all = new TreeSet<>();
        OPERATIONS.forEach(op -> all.add(op.name()));
        all.removeAll(CALLED);

        assertThat(all).as("operations of openapi.json no test here called successfully").isEmpty();
    }

    private static Map<String, Object> attribute(String key, String value) {
        return Map.of("key", key, "value", Map.of("stringValue", value));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
