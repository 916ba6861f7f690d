package dev.annotations.api.score;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import dev.annotations.api.scoreconfig.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The score log on the real engine: records survive a reopen, a torn last record is cut off, replaying records
 * already loaded stores nothing twice, and a row ClickHouse refuses after it was acknowledged is kept aside with
 * its reason while the rest of its batch is stored.
 */
class ScoreLogTest {
    private static final Duration LOADED_WITHIN = Duration.ofSeconds(120);
    private static final ScoreLog.Limits LIMITS = new ScoreLog.Limits(100_000, 64L * 1024 * 1024, Duration.ofMillis(100));
    private static AnnotationService service;
    private static ScoreRepository repository;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        repository = new ScoreRepository(service.storage());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void acknowledged_groups_are_pending_until_loaded_and_each_version_is_stored_once(@TempDir Path directory) {
        List<Score> written;
        try (ScoreLog log = ScoreLog.open(directory, repository, LIMITS);
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            written = writeAll(writer, rows(UUID.randomUUID(), 300));
            assertThat(log.statistics().pendingRows()).as("the loader has not started").isEqualTo(300);
            assertThat(writer.pending(written.get(7).projectId(), written.get(7).id())).contains(written.get(7));
            log.startLoading();
            Polling.until(LOADED_WITHIN, "the log loaded", () -> log.statistics().pendingRows() == 0);
            assertThat(writer.pending(written.get(7).projectId(), written.get(7).id())).isEmpty();
            assertThat(log.statistics().inserts()).as("batches, not one INSERT per group").isLessThan(20);
        }
        assertThat(historyRows(written)).as("each (id, version) once in the history").isEqualTo(300);
    }

    @Test
    void a_torn_last_record_is_cut_off_at_start_and_every_whole_record_before_it_is_loaded(@TempDir Path directory)
            throws IOException {
        List<Score> written;
        try (ScoreLog log = ScoreLog.open(directory, repository, LIMITS);
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            written = new ArrayList<>(writeAll(writer, rows(UUID.randomUUID(), 40)));
            written.addAll(writeAll(writer, rows(UUID.randomUUID(), 25)));
        }
        Path segment = onlySegment(directory);
        long whole = Files.size(segment);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            // a crash half-way through an append: a header announcing 4 000 bytes, 12 of them written
            file.write(ByteBuffer.allocate(20).putInt(4_000).putInt(0x1234).put(new byte[12]).flip());
        }

        try (ScoreLog reopened = ScoreLog.open(directory, repository, LIMITS)) {
            assertThat(Files.size(segment)).as("the torn record is cut off").isEqualTo(whole);
            assertThat(reopened.statistics().pendingRows()).isEqualTo(65);
            assertThat(reopened.pending(key(written.getFirst()))).contains(written.getFirst());
            reopened.startLoading();
            Polling.until(LOADED_WITHIN, "the replayed records loaded", () -> reopened.statistics().pendingRows() == 0);
        }
        assertThat(historyRows(written)).isEqualTo(65);
    }

    @Test
    void replaying_records_that_were_loaded_before_the_checkpoint_was_written_stores_nothing_twice(@TempDir Path directory)
            throws IOException {
        List<Score> written;
        try (ScoreLog log = ScoreLog.open(directory, repository, LIMITS);
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            log.startLoading();
            written = writeAll(writer, rows(UUID.randomUUID(), 120));
            Polling.until(LOADED_WITHIN, "the log loaded", () -> log.statistics().pendingRows() == 0);
        }
        // a crash after the INSERTs and before their checkpoint reached the disk
        Files.delete(directory.resolve("checkpoint"));

        try (ScoreLog replayed = ScoreLog.open(directory, repository, LIMITS)) {
            assertThat(replayed.statistics().pendingRows()).as("every record is seen again").isEqualTo(120);
            replayed.startLoading();
            Polling.until(LOADED_WITHIN, "the replay done", () -> replayed.statistics().pendingRows() == 0);
            assertThat(replayed.statistics().insertedRows()).as("read back: all stored already").isZero();
        }
        assertThat(historyRows(written)).isEqualTo(120);
        assertThat(repository.latestVersions(written.stream().map(ScoreLogTest::key).toList())).hasSize(120);
    }

    @Test
    void a_row_clickhouse_refuses_after_it_was_acknowledged_is_kept_with_its_reason_and_the_rest_of_the_batch_stored(
            @TempDir Path directory) throws IOException {
        UUID project = UUID.randomUUID();
        List<Score> valid = rows(project, 200);
        // past validation on purpose: a year ClickHouse's DateTime64 cannot hold, which JSON encodes fine
        Score poison = withTimestamp(rows(project, 1).getFirst(), Instant.parse("+292278994-08-17T07:12:55Z"));
        List<Score> all = new ArrayList<>(valid);
        all.add(valid.size() / 3, poison);
        try (ScoreLog log = ScoreLog.open(directory, repository, LIMITS);
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            List<WriteOutcome> answers = submit(writer, all);
            assertThat(answers).as("all acknowledged: the log holds them").allMatch(WriteOutcome.Stored.class::isInstance);
            log.startLoading();
            Polling.until(LOADED_WITHIN, "the log loaded", () -> log.statistics().pendingRows() == 0);

            assertThat(log.statistics().refusedRows()).isEqualTo(1);
            assertThat(log.degradedBecause()).hasValueSatisfying(reason -> assertThat(reason).contains("refused"));
            List<String> kept = Files.readAllLines(log.refusedFile());
            assertThat(kept).hasSize(1);
            assertThat(kept.getFirst()).contains(poison.id().toString()).contains("\"reason\":\"Code: ");
            assertThat(writer.pending(project, poison.id())).as("no longer pending").isEmpty();
        }
        assertThat(repository.latestVersions(valid.stream().map(ScoreLogTest::key).toList())).hasSize(200);
        assertThat(historyRows(valid)).isEqualTo(200);
        try (ScoreLog reopened = ScoreLog.open(directory, repository, LIMITS)) {
            assertThat(reopened.degradedBecause()).as("degraded until the refused file is moved aside").isPresent();
        }
    }

    @Test
    void beyond_its_pending_limit_the_log_answers_unavailable_and_stores_nothing_of_that_group(@TempDir Path directory) {
        try (ScoreLog log = ScoreLog.open(directory, repository, new ScoreLog.Limits(50, 64L * 1024 * 1024, Duration.ofMillis(100)));
             ScoreWriter writer = new ScoreWriter(repository, log)) {
            writeAll(writer, rows(UUID.randomUUID(), 50));
            List<CompletableFuture<WriteOutcome>> over = writer.submit(List.of(write(rows(UUID.randomUUID(), 1).getFirst())));
            assertThat(over).allMatch(future -> future.handle((outcome, failure) ->
                    failure instanceof dev.annotations.api.storage.StorageUnavailableException).join());
            assertThat(log.statistics().pendingRows()).isEqualTo(50);
        }
    }

    /**
     * Why {@code insert} durability does not survive a power loss on this engine while the log does: MergeTree
     * parts are written without fsync unless these settings say otherwise (README, "Score durability").
     */
    @Test
    void the_engine_does_not_fsync_parts_on_insert_by_default() {
        String settings = service.storage().call(dsl -> dsl.fetchValue("SELECT arrayStringConcat(groupArray(name || '=' "
                + "|| value), ',') FROM (SELECT name, value FROM system.merge_tree_settings WHERE name IN "
                + "('fsync_after_insert', 'fsync_part_directory') ORDER BY name)").toString());
        assertThat(settings).isEqualTo("fsync_after_insert=0,fsync_part_directory=0");
    }

    static List<Score> rows(UUID project, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Score> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Score(UUID.randomUUID(), project, new Target(TargetType.TRACE, ScoreFixture.randomTrace(), null,
                    null, null, null, null), "quality", DataType.NUMERIC, (double) (i % 5), "", List.of("a", "b"),
                    "row " + i, Map.of("k", "v" + i), null, null, Source.API, AnnotatorKind.HUMAN, "writer", "writer",
                    now, now, now, "writer", 1, false));
        }
        return rows;
    }

    static Score withTimestamp(Score score, Instant timestamp) {
        return new Score(score.id(), score.projectId(), score.target(), score.name(), score.dataType(), score.value(),
                score.stringValue(), score.labels(), score.comment(), score.metadata(), score.configId(), score.queueId(),
                score.source(), score.annotatorKind(), score.author(), score.createdBy(), timestamp, score.createdAt(),
                score.updatedAt(), score.changedBy(), score.version(), score.deleted());
    }

    /** Writes in groups of 10 (each one record of the log); every one must be acknowledged. */
    private static List<Score> writeAll(ScoreWriter writer, List<Score> rows) {
        for (int from = 0; from < rows.size(); from += 10) {
            assertThat(submit(writer, rows.subList(from, Math.min(rows.size(), from + 10))))
                    .allMatch(WriteOutcome.Stored.class::isInstance);
        }
        return rows;
    }

    private static List<WriteOutcome> submit(ScoreWriter writer, List<Score> rows) {
        return writer.submit(rows.stream().map(ScoreLogTest::write).toList()).stream().map(CompletableFuture::join).toList();
    }

    private static ScoreWriter.Write write(Score score) {
        return new ScoreWriter.Write(score, false, false, new CompletableFuture<>());
    }

    private static ScoreRepository.Key key(Score score) {
        return new ScoreRepository.Key(score.projectId(), score.id());
    }

    /** Rows of the history holding these (id, version)s, duplicates counted. */
    private static long historyRows(List<Score> scores) {
        String ids = String.join(",", scores.stream().map(score -> "'" + score.id() + "'").toList());
        Number count = service.storage().call(dsl -> (Number) dsl.fetchValue("SELECT count() FROM "
                + service.storage().qualified("annotation_score_history") + " WHERE id IN (" + ids + ")"));
        return count.longValue();
    }

    private static Path onlySegment(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> segments = files.filter(file -> file.getFileName().toString().startsWith("segment-")).toList();
            assertThat(segments).hasSize(1);
            return segments.getFirst();
        }
    }
}
