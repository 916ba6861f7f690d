package dev.annotations.api.evaluation;

import dev.annotations.api.project.Project;
import dev.annotations.api.project.ProjectRepository;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads {@code annotation_evaluation_inbox} in arrival order and turns each event into a score, exactly
 * as the OTLP receiver does. Where it got to is kept in {@code annotation_ingest_cursors}, so a restart
 * resumes; an event already turned into a score (by the receiver, by another instance, or before a crash)
 * is recognised by its derived score id and skipped, so reading an event twice is harmless.
 *
 * <p>The project comes from the event's {@code annotation.project.id} attribute, else
 * {@code ANNOTATION_EVENTS_PROJECT_ID}, else the deployment's only project; otherwise the event is refused
 * and recorded. Rows younger than the configured lag are left for the next round, so an INSERT that
 * stamped its rows earlier but became visible later is not skipped.
 */
public final class EvaluationInboxReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EvaluationInboxReader.class.getName());
    /** Most inbox rows handled per round. */
    static final int BATCH = 1_000;
    static final String CURSOR = "evaluation-inbox";

    private final EvaluationInboxRepository inbox;
    private final ScoreRepository scores;
    private final ProjectRepository projects;
    private final EvaluationIngest ingest;
    private final Optional<UUID> defaultProject;
    private final Duration lag;
    private final Clock clock;
    private volatile boolean closing;
    private Thread thread;
    private EvaluationInboxRepository.Position position;

    public EvaluationInboxReader(EvaluationInboxRepository inbox, ScoreRepository scores, ProjectRepository projects,
                                 EvaluationIngest ingest, Optional<UUID> defaultProject, Duration lag, Clock clock) {
        this.inbox = inbox;
        this.scores = scores;
        this.projects = projects;
        this.ingest = ingest;
        this.defaultProject = defaultProject;
        this.lag = lag;
        this.clock = clock;
    }

    /** Reads every {@code interval} on a daemon thread until closed. */
    public void start(Duration interval) {
        thread = Thread.ofPlatform().name("evaluation-inbox-reader").daemon(true).start(() -> {
            while (!closing) {
                try {
                    while (!closing && readOnce() == BATCH) {
                        // a full batch: more may be waiting
                    }
                } catch (StorageUnavailableException e) {
                    LOG.log(Level.WARNING, "reading evaluation events failed; retrying in " + interval.toMillis() + " ms", e);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "unexpected failure reading evaluation events; retrying", e);
                }
                sleep(interval);
            }
        });
    }

    /** One round: handles up to {@link #BATCH} rows and moves the cursor past them. Returns how many. */
    public synchronized int readOnce() {
        if (position == null) {
            position = inbox.position(CURSOR);
        }
        List<EvaluationInboxRepository.Row> rows = inbox.readAfter(position, lag, BATCH);
        if (rows.isEmpty()) {
            return 0;
        }
        handle(rows.stream().map(EvaluationInboxRepository.Row::event).toList());
        position = rows.getLast().position();
        inbox.savePosition(CURSOR, position, clock.instant());
        return rows.size();
    }

    private void handle(List<EvaluationEvent> events) {
        Set<UUID> done = new HashSet<>(scores.storedInAnyProject(events.stream().map(EvaluationEvent::scoreId).toList()));
        Map<UUID, List<EvaluationEvent>> byProject = new LinkedHashMap<>();
        Map<String, List<EvaluationEvent>> refused = new LinkedHashMap<>();
        Optional<UUID> fallback = fallbackProject();
        Map<UUID, Boolean> projectExists = new HashMap<>();
        for (EvaluationEvent event : events) {
            if (!done.add(event.scoreId())) {
                continue;
            }
            String named = event.attribute(EvaluationAttributes.PROJECT_ID);
            if (named != null && !named.isEmpty()) {
                Optional<UUID> project = parseUuid(named)
                        .filter(id -> projectExists.computeIfAbsent(id, key -> projects.findById(key).isPresent()));
                if (project.isEmpty()) {
                    refused.computeIfAbsent(EvaluationAttributes.PROJECT_ID + " '" + named + "' names no project",
                            reason -> new ArrayList<>()).add(event);
                } else {
                    byProject.computeIfAbsent(project.get(), id -> new ArrayList<>()).add(event);
                }
            } else if (fallback.isPresent()) {
                byProject.computeIfAbsent(fallback.get(), id -> new ArrayList<>()).add(event);
            } else {
                refused.computeIfAbsent("the event names no project (" + EvaluationAttributes.PROJECT_ID
                        + ") and the service has no default (ANNOTATION_EVENTS_PROJECT_ID) nor a single project",
                        reason -> new ArrayList<>()).add(event);
            }
        }
        byProject.forEach((project, projectEvents) -> ingest.ingest(project, projectEvents, EvaluationRejections.Path.COLLECTOR));
        refused.forEach((reason, refusedEvents) -> ingest.refuse(refusedEvents, Optional.empty(),
                EvaluationRejections.Path.COLLECTOR, reason));
    }

    private Optional<UUID> fallbackProject() {
        if (defaultProject.isPresent()) {
            return defaultProject;
        }
        List<Project> all = projects.listAll();
        return all.size() == 1 ? Optional.of(all.getFirst().id()) : Optional.empty();
    }

    private static Optional<UUID> parseUuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
