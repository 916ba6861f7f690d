package dev.annotations.api.queue;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.Polling;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The queue journal on the real engine: appended batches are loaded into {@code annotation_queue_events} in few
 * INSERTs, a queue is readable only once none of its events wait, records left by a crash load again at the next
 * start without storing an event twice (also those an INSERT had stored before its answer was lost), and one
 * process at a time holds a directory.
 */
class QueueJournalTest {
    private static final Duration LOADED_WITHIN = Duration.ofSeconds(120);
    /** Long enough that nothing loads unless a test asks: the loader starts a load only when its interval passed. */
    private static final Duration NEVER = Duration.ofMinutes(10);
    private static AnnotationService service;
    private static QueueEventRepository events;

    @BeforeAll
    static void start() {
        service = TestService.start(TestService.freshDatabase());
        events = new QueueEventRepository(service.storage());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void stored_batches_wait_in_the_journal_until_loaded_in_few_inserts_and_then_the_queue_is_readable(
            @TempDir Path directory) {
        UUID project = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        List<QueueEvent> stored = new ArrayList<>();
        try (QueueJournal journal = QueueJournal.open(directory, events, Duration.ofMillis(100))) {
            assertThat(journal.ownerName()).startsWith(QueueJournal.OWNER_PREFIX);
            for (int group = 0; group < 40; group++) {
                List<QueueEvent> batch = claims(5);
                journal.store(project, queue, batch, "unused");
                stored.addAll(batch);
            }
            assertThat(journal.statistics().pendingEvents()).as("the loader has not started").isEqualTo(200);
            assertThat(journal.awaitReadable(project, queue, Duration.ZERO)).isFalse();
            assertThat(journal.awaitReadable(project, UUID.randomUUID(), Duration.ZERO))
                    .as("another queue has nothing waiting").isTrue();

            journal.startLoading();
            assertThat(journal.awaitReadable(project, queue, LOADED_WITHIN)).isTrue();
            assertThat(journal.statistics().pendingEvents()).isZero();
            assertThat(journal.statistics().inserts()).as("batches, not one INSERT per group").isLessThan(10);
        }
        assertThat(storedIds(project, queue)).containsExactlyInAnyOrderElementsOf(ids(stored));
    }

    @Test
    void records_a_crash_left_load_at_the_next_start_and_no_event_is_stored_twice(@TempDir Path directory) {
        UUID project = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        List<QueueEvent> first = claims(30);
        List<QueueEvent> second = claims(20);
        String owner;
        QueueJournal crashed = QueueJournal.open(directory, events, NEVER);
        owner = crashed.ownerName();
        crashed.store(project, queue, first, "unused");
        crashed.store(project, queue, second, "unused");
        crashed.startLoading();
        // the first record's INSERT ran but its answer never came back, then the process died
        events.insertBatch(project, queue, first, "lost-answer-" + UUID.randomUUID());
        crashed.crash();

        try (QueueJournal reopened = QueueJournal.open(directory, events, NEVER)) {
            assertThat(reopened.ownerName()).as("the directory keeps its name, so its leases are its own again")
                    .isEqualTo(owner);
            assertThat(reopened.statistics().pendingEvents()).isEqualTo(50);
            reopened.startLoading();
            // a new owner asking for the queue loads it at once, long before the load interval
            assertThat(reopened.awaitReadable(project, queue, LOADED_WITHIN)).isTrue();
        }
        List<UUID> expected = new ArrayList<>(ids(first));
        expected.addAll(ids(second));
        assertThat(storedIds(project, queue)).as("each event once").containsExactlyInAnyOrderElementsOf(expected);

        try (QueueJournal again = QueueJournal.open(directory, events, NEVER)) {
            assertThat(again.statistics().pendingEvents()).as("loaded records are not replayed").isZero();
        }
    }

    @Test
    void a_directory_is_held_by_one_journal_at_a_time(@TempDir Path directory) {
        try (QueueJournal held = QueueJournal.open(directory, events, NEVER)) {
            assertThatThrownBy(() -> QueueJournal.open(directory, events, NEVER))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ANNOTATION_QUEUE_JOURNAL_DIR");
            assertThat(held.holdsJournalOf(held.ownerName())).isTrue();
            assertThat(held.holdsJournalOf(QueueJournal.OWNER_PREFIX + UUID.randomUUID())).isFalse();
        }
        try (QueueJournal reopened = QueueJournal.open(directory, events, NEVER)) {
            assertThat(reopened.statistics().pendingEvents()).isZero();
        }
    }

    private static List<QueueEvent> claims(int count) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<QueueEvent> claims = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            claims.add(new QueueEvent(UUID.randomUUID(), at, UUID.randomUUID(), EventType.CLAIMED, "ann-" + i, "ann-" + i,
                    0, -1, at.plusSeconds(600), ""));
        }
        return claims;
    }

    private static List<UUID> ids(List<QueueEvent> events) {
        return events.stream().map(QueueEvent::eventId).toList();
    }

    private static List<UUID> storedIds(UUID project, UUID queue) {
        return events.queueEvents(project, queue, Instant.EPOCH).stream().map(QueueEvent::eventId).toList();
    }
}
