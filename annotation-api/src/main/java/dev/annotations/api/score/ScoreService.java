package dev.annotations.api.score;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** Writing, editing, deleting and reading scores. Rules live in {@link ScoreRules}; storage in the writer and repository. */
public final class ScoreService {
    /** Most scores in one batch request. */
    public static final int MAX_BATCH = 1_000;
    /**
     * How long a write may wait in the queue for its group commit; then it is withdrawn (never sent) and
     * answered 503. A write already taken into an INSERT is answered by the writer, within its own bounds.
     */
    static final long QUEUE_WAIT_SECONDS = 10;
    /** A last guard for a write taken into an INSERT: the writer's own bounds end far sooner. */
    private static final long IN_FLIGHT_LIMIT_SECONDS = 600;

    private final ScoreWriter writer;
    private final ScoreRepository repository;
    private final ScoreConfigService configs;
    private final QueueExistence queues;
    private final DatasetItemExistence datasetItems;
    private final Clock clock;

    public ScoreService(ScoreWriter writer, ScoreRepository repository, ScoreConfigService configs,
                        QueueExistence queues, DatasetItemExistence datasetItems, Clock clock) {
        this.writer = writer;
        this.repository = repository;
        this.configs = configs;
        this.queues = queues;
        this.datasetItems = datasetItems;
        this.clock = clock;
    }

    /**
     * Stores one score. A rule it breaks is thrown as a 400 problem naming the field (without prefix);
     * ClickHouse failing is thrown as {@link StorageUnavailableException}; the rest is the outcome.
     */
    public ScoreOutcome create(Principal author, ScoreRequest request) {
        Instant now = now();
        Score score = check(request, author, configLookup(author.projectId()), queueLookup(author.projectId()), now, "");
        ScoreWriter.Write write = write(withVersion(score, now), request);
        writer.submit(List.of(write));
        return outcomeOf(await(write));
    }

    /**
     * Stores every valid score of {@code requests}; invalid ones are answered {@link ScoreOutcome.Invalid}
     * (fields prefixed {@code scores[i].}) and do not stop the others. Outcomes are in request order.
     * Callers bound their own batch sizes (the batch API: {@link #MAX_BATCH}).
     */
    public List<ScoreOutcome> createAll(Principal author, List<ScoreRequest> requests) {
        return createAll(author, requests, IntStream.range(0, requests.size()).boxed().toList());
    }

    /** Like {@link #createAll(Principal, List)}, naming fields by the positions the requests had in the caller's batch. */
    public List<ScoreOutcome> createAll(Principal author, List<ScoreRequest> requests, List<Integer> positions) {
        return requests.isEmpty() ? List.of() : store(author, requests, positions, false);
    }

    /**
     * Like {@link #createAll(Principal, List)} for scores whose client-chosen ids the caller knows no score has
     * yet, so the group commit does not read ClickHouse to check them: a queue owner's first attempt to submit a
     * reservation it handed out itself (the ids are derived from that reservation). A retry must use
     * {@link #createAll(Principal, List)}, which finds what an earlier attempt stored.
     */
    public List<ScoreOutcome> createAllWithNewIds(Principal author, List<ScoreRequest> requests) {
        return requests.isEmpty() ? List.of()
                : store(author, requests, IntStream.range(0, requests.size()).boxed().toList(), true);
    }

    /**
     * Checks scores exactly as {@link #createAll} would, storing nothing: callers that must write all or
     * none of a set (a queue submission) check first. Field names are prefixed {@code scores[i].}.
     *
     * @throws ApiProblem 400 naming every invalid field of every score
     */
    public void validateAll(Principal author, List<ScoreRequest> requests) {
        Instant now = now();
        Function<UUID, Optional<ScoreConfig>> lookup = configLookup(author.projectId());
        Predicate<UUID> queueExists = queueLookup(author.projectId());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                check(requests.get(i), author, lookup, queueExists, now, "scores[" + i + "].");
            } catch (ApiProblem problem) {
                errors.addAll(problem.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private List<ScoreOutcome> store(Principal author, List<ScoreRequest> requests, List<Integer> positions,
                                     boolean idsKnownNew) {
        int count = requests.size();
        Instant now = now();
        Function<UUID, Optional<ScoreConfig>> lookup = configLookup(author.projectId());
        Predicate<UUID> queueExists = queueLookup(author.projectId());
        ScoreOutcome[] results = new ScoreOutcome[count];
        List<ScoreWriter.Write> writes = new ArrayList<>();
        List<Integer> writeIndexes = new ArrayList<>();
        Set<UUID> idsInBatch = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String prefix = "scores[" + positions.get(i) + "].";
            try {
                ScoreRequest request = requests.get(i);
                Score score = check(request, author, lookup, queueExists, now, prefix);
                if (request.id() != null && !idsInBatch.add(request.id())) {
                    throw ApiProblem.invalid(prefix + "id", "duplicate id " + request.id() + " within this batch");
                }
                writes.add(idsKnownNew ? new ScoreWriter.Write(withVersion(score, now), false,
                        request.timestamp() != null, new CompletableFuture<>()) : write(withVersion(score, now), request));
                writeIndexes.add(i);
            } catch (ApiProblem problem) {
                results[i] = new ScoreOutcome.Invalid(problem.getMessage(), problem.errors());
            }
        }
        if (!writes.isEmpty()) {
            writer.submit(writes);
        }
        for (int w = 0; w < writes.size(); w++) {
            int index = writeIndexes.get(w);
            try {
                results[index] = outcomeOf(await(writes.get(w)));
            } catch (StorageUnavailableException e) {
                results[index] = new ScoreOutcome.Unavailable(e.undecided()
                        ? ScoreOutcome.Unavailable.UNCONFIRMED : ScoreOutcome.Unavailable.NOT_STORED);
            }
        }
        return List.of(results);
    }

    /** {@link ScoreRules#check}, then a DATASET_ITEM target must name an item of one of the project's datasets. */
    private Score check(ScoreRequest request, Principal author, Function<UUID, Optional<ScoreConfig>> lookup,
                        Predicate<UUID> queueExists, Instant now, String prefix) {
        Score score = ScoreRules.check(request, author, lookup, queueExists, now, prefix);
        Target target = score.target();
        if (target.type() == TargetType.DATASET_ITEM) {
            datasetItems.unknown(author.projectId(), target.datasetId(), target.itemId()).ifPresent(unknown -> {
                throw ApiProblem.invalid(prefix + "target." + unknown.field(), unknown.message());
            });
        }
        return score;
    }

    public ScoreView get(UUID projectId, UUID id) {
        Score score = latestVersion(projectId, id).filter(found -> !found.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no score " + id));
        return ScoreView.of(score);
    }

    /** A new version with new content; only its creator or an ADMIN may write it. */
    public ScoreView edit(Principal editor, UUID id, ScoreRequest.Patch patch) {
        Score current = ownedLiveScore(editor, id);
        Optional<ScoreConfig> config = Optional.empty();
        if (current.configId() != null) {
            config = configs.find(current.projectId(), current.configId());
            if (config.isPresent() && config.get().archived()) {
                throw ApiProblem.conflict("score config '" + config.get().name() + "' is archived; restore it to edit its scores");
            }
        }
        ScoreContent content = ScoreRules.checkPatch(patch, current, config);
        Instant now = now();
        Score next = current.nextVersion(content.value(), content.stringValue(), content.labels(),
                patch.comment() != null ? patch.comment() : current.comment(),
                patch.metadata() != null ? Map.copyOf(patch.metadata()) : current.metadata(),
                now, editor.name(), nextVersion(current, now), false);
        ScoreWriter.Write write = new ScoreWriter.Write(next, false, false, new CompletableFuture<>());
        writer.submit(List.of(write));
        requireStored(await(write));
        return ScoreView.of(next);
    }

    /** Writes a tombstone; deleting a deleted score changes nothing. */
    public void delete(Principal editor, UUID id) {
        Score current = latestVersion(editor.projectId(), id)
                .orElseThrow(() -> ApiProblem.notFound("no score " + id));
        if (current.deleted()) {
            return;
        }
        requireOwner(editor, current);
        Instant now = now();
        Score tombstone = current.nextVersion(current.value(), current.stringValue(), current.labels(), current.comment(),
                current.metadata(), now, editor.name(), nextVersion(current, now), true);
        ScoreWriter.Write write = new ScoreWriter.Write(tombstone, false, false, new CompletableFuture<>());
        writer.submit(List.of(write));
        requireStored(await(write));
    }

    /** Every version, oldest first: who changed what, when; tombstones included. */
    public List<ScoreView> history(UUID projectId, UUID id, long afterVersion, int limit) {
        List<Score> versions = repository.history(projectId, id, afterVersion, limit);
        if (versions.isEmpty() && afterVersion == 0) {
            throw ApiProblem.notFound("no score " + id);
        }
        return versions.stream().map(ScoreView::of).toList();
    }

    List<ScoreView> list(UUID projectId, ScoreFilter filter, Optional<ScoreRepository.After> after, int limit) {
        return repository.list(projectId, filter, after, limit).stream().map(ScoreView::of).toList();
    }

    private Score ownedLiveScore(Principal editor, UUID id) {
        Score current = latestVersion(editor.projectId(), id).filter(found -> !found.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no score " + id));
        requireOwner(editor, current);
        return current;
    }

    /**
     * The newest version, tombstones included: a pending one in the score log (durability {@code log}) first — it
     * is newer than anything stored — else ClickHouse's. The log drops a version from its index only after it is
     * in ClickHouse, so one of the two always has it.
     */
    private Optional<Score> latestVersion(UUID projectId, UUID id) {
        Optional<Score> pending = writer.pending(projectId, id);
        return pending.isPresent() ? pending : repository.latestVersion(projectId, id);
    }

    private static void requireOwner(Principal editor, Score score) {
        if (editor.role() != Role.ADMIN && !editor.name().equals(score.createdBy())) {
            throw ApiProblem.forbidden("only its creator '" + score.createdBy() + "' or an ADMIN may change this score");
        }
    }

    /**
     * Remembers each config's answer for one request: the service's cache keeps found configs only, so
     * without this a batch naming one unknown config 1 000 times would read ClickHouse 1 000 times.
     */
    private Function<UUID, Optional<ScoreConfig>> configLookup(UUID projectId) {
        Map<UUID, Optional<ScoreConfig>> answers = new HashMap<>();
        return id -> answers.computeIfAbsent(id, key -> configs.find(projectId, key));
    }

    /** Like {@link #configLookup}: the queue feature caches found queues only, so unknown ids are remembered here. */
    private Predicate<UUID> queueLookup(UUID projectId) {
        Map<UUID, Boolean> answers = new HashMap<>();
        return id -> answers.computeIfAbsent(id, key -> queues.exists(projectId, key));
    }

    private static ScoreWriter.Write write(Score score, ScoreRequest request) {
        return new ScoreWriter.Write(score, request.id() != null, request.timestamp() != null, new CompletableFuture<>());
    }

    private static Score withVersion(Score score, Instant now) {
        return score.nextVersion(score.value(), score.stringValue(), score.labels(), score.comment(), score.metadata(),
                score.updatedAt(), score.changedBy(), Columns.versionAt(now), false);
    }

    private static long nextVersion(Score current, Instant now) {
        return Math.max(Columns.versionAt(now), current.version() + 1);
    }

    /** An edit or tombstone, which checks no id: stored, or refused by ClickHouse (400). */
    private static void requireStored(WriteOutcome outcome) {
        if (outcomeOf(outcome) instanceof ScoreOutcome.Refused refused) {
            throw ApiProblem.refused(refused.detail());
        }
    }

    private static ScoreOutcome outcomeOf(WriteOutcome outcome) {
        return switch (outcome) {
            case WriteOutcome.Stored stored -> new ScoreOutcome.Stored(ScoreView.of(stored.score()));
            case WriteOutcome.AlreadyStored found -> new ScoreOutcome.AlreadyStored(ScoreView.of(found.score()));
            case WriteOutcome.IdConflict conflict -> new ScoreOutcome.Conflict("id " + conflict.id()
                    + " already belongs to a different score; use PATCH to change a score");
            case WriteOutcome.Refused refused -> new ScoreOutcome.Refused("ClickHouse refused this score's data: "
                    + refused.reason());
        };
    }

    /**
     * The write's outcome. After {@link #QUEUE_WAIT_SECONDS} in the queue it is withdrawn — certainly not
     * stored; once the writer has taken it, only the writer answers, so a 503 never hides a stored score
     * that the writer could still confirm.
     */
    private static WriteOutcome await(ScoreWriter.Write write) {
        try {
            try {
                return write.outcome().get(QUEUE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (write.withdraw()) {
                    throw new StorageUnavailableException("the write waited " + QUEUE_WAIT_SECONDS
                            + " s behind others and was withdrawn before it was sent", e);
                }
                return write.outcome().get(IN_FLIGHT_LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw StorageUnavailableException.undecided("the group commit did not answer within "
                    + IN_FLIGHT_LIMIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageUnavailableException.undecided("interrupted while waiting for the group commit", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
