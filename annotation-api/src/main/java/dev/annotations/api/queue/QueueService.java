package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetRules;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.scoreconfig.ScoreConfigService;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Managing queues and their items (ADMIN), listing them (any key). Work on items is {@link WorkService}'s. */
public final class QueueService {
    /** Most targets in one add request. */
    public static final int MAX_TARGETS = 1_000;

    private final QueueRepository queues;
    private final QueueEventRepository events;
    private final QueueMemories memories;
    private final ScoreConfigService configs;
    private final AnnotatorAgreement agreement;
    private final Supplier<UUID> ids;
    private final Clock clock;

    /** @param agreement what progress reports about each annotator's agreement with the others */
    QueueService(QueueRepository queues, QueueEventRepository events, QueueMemories memories,
                 ScoreConfigService configs, AnnotatorAgreement agreement, Supplier<UUID> ids, Clock clock) {
        this.queues = queues;
        this.events = events;
        this.memories = memories;
        this.configs = configs;
        this.agreement = agreement;
        this.ids = ids;
        this.clock = clock;
    }

    /** Items per status and work per annotator, as every instance's events show it now. */
    public QueueProgress progress(UUID projectId, UUID queueId) {
        return QueueProgress.of(memories.fresh(projectId, queueId), events, agreement, clock.instant());
    }

    public Queue create(Principal admin, QueueDraft draft) {
        List<Queue.ConfigRef> refs = QueueRules.check(draft, id -> configs.find(admin.projectId(), id));
        Instant now = now();
        Queue queue = new Queue(ids.get(), admin.projectId(), draft.name().strip(),
                draft.description() == null ? "" : draft.description(), refs,
                draft.annotators() == null ? List.of() : List.copyOf(draft.annotators()),
                draft.reviewers() == null ? List.of() : List.copyOf(draft.reviewers()), draft.strategy(),
                draft.annotatorsPerItem(), draft.reservationTimeoutSeconds() == null
                ? QueueRules.DEFAULT_TIMEOUT_SECONDS : draft.reservationTimeoutSeconds(),
                Boolean.TRUE.equals(draft.reviewRequired()), Boolean.TRUE.equals(draft.showSuggestions()),
                QueueStatus.ACTIVE, now, admin.name(), now, admin.name());
        requireNameFree(queue);
        queues.save(queue);
        return queue;
    }

    public Queue get(UUID projectId, UUID id) {
        return queues.find(projectId, id).orElseThrow(() -> ApiProblem.notFound("no queue " + id));
    }

    public List<Queue> list(UUID projectId, Optional<QueueStatus> status, Optional<String> afterName,
                            Optional<UUID> afterId, int limit) {
        return queues.list(projectId, status, afterName, afterId, limit);
    }

    public Queue edit(Principal admin, UUID id, QueueDraft.Patch patch) {
        Queue current = get(admin.projectId(), id);
        QueueRules.checkPatch(patch, current);
        Queue updated = current.with(patch.name() != null ? patch.name().strip() : current.name(),
                patch.description() != null ? patch.description() : current.description(),
                patch.annotators() != null ? List.copyOf(patch.annotators()) : current.annotators(),
                patch.reviewers() != null ? List.copyOf(patch.reviewers()) : current.reviewers(),
                patch.reservationTimeoutSeconds() != null ? patch.reservationTimeoutSeconds()
                        : current.reservationTimeoutSeconds(),
                patch.showSuggestions() != null ? patch.showSuggestions() : current.showSuggestions(),
                patch.status() != null ? patch.status() : current.status(), now(), admin.name());
        if (updated.status() != QueueStatus.ARCHIVED && (!updated.name().equals(current.name())
                || current.status() == QueueStatus.ARCHIVED)) {
            requireNameFree(updated);
        }
        queues.save(updated);
        memories.updated(updated);
        return updated;
    }

    /** One added target's outcome. */
    public record Added(UUID id, Target target, boolean alreadyQueued) {
    }

    public record AddResult(int added, int alreadyQueued, List<Added> items) {
    }

    /**
     * Adds targets at {@code priority}; a target already in the queue is reported {@code alreadyQueued} and
     * left as it is. Two instances adding the same target at once store one item (same id), though both may
     * report it added.
     */
    public AddResult addTargets(Principal admin, UUID queueId, List<Target> targets, int priority) {
        if (targets == null || targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw ApiProblem.invalid("targets", "1 to " + MAX_TARGETS + " targets per request");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String prefix = "targets[" + i + "]";
            List<FieldError> found = new ArrayList<>();
            TargetRules.check(targets.get(i), "", found);
            if (targets.get(i) != null && targets.get(i).type() == TargetType.DOCUMENT) {
                found.add(new FieldError("target.type", "queues hold TRACE, SPAN, SESSION and DATASET_ITEM targets"));
            }
            found.forEach(error -> errors.add(new FieldError(prefix + error.field().substring("target".length()),
                    error.message())));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        Queue queue = requireOpenForItems(admin.projectId(), queueId);
        return add(queue, admin.name(), targets, priority);
    }

    AddResult add(Queue queue, String addedBy, List<Target> targets, int priority) {
        Instant now = now();
        Map<UUID, Target> byId = new LinkedHashMap<>();
        targets.forEach(target -> byId.putIfAbsent(QueueItem.idOf(queue.id(), target), target));
        Set<UUID> existing = queues.liveItemIds(queue.projectId(), queue.id(), byId.keySet());
        List<QueueItem> fresh = new ArrayList<>();
        byId.forEach((id, target) -> {
            if (!existing.contains(id)) {
                fresh.add(new QueueItem(id, queue.id(), target, priority, now, addedBy, false));
            }
        });
        QueueMemory memory = memories.get(queue.projectId(), queue.id());
        Map<UUID, List<String>> designations = Strategies.designate(queue.strategy(), queue.annotators(),
                queue.annotatorsPerItem(), fresh.stream().map(QueueItem::id).toList(),
                (long) memory.entries().size() * queue.annotatorsPerItem(),
                queue.strategy() == Strategy.LOAD_BALANCED ? memory.openWork(now) : Map.of());
        List<QueueEvent> assigned = new ArrayList<>();
        designations.forEach((itemId, annotators) -> annotators.forEach(annotator -> assigned.add(
                new QueueEvent(itemId, now, ids.get(), EventType.ASSIGNED, annotator, addedBy, -1, -1, null, ""))));
        // events first: an item visible without its designations could be served to anyone for a moment
        events.insertAll(queue.projectId(), queue.id(), assigned);
        queues.saveItems(queue.projectId(), fresh);
        Map<UUID, List<QueueEvent>> byItem = new HashMap<>();
        assigned.forEach(event -> byItem.computeIfAbsent(event.itemId(), id -> new ArrayList<>()).add(event));
        memory.put(fresh, byItem);
        List<Added> results = new ArrayList<>();
        for (Target target : targets) {
            UUID id = QueueItem.idOf(queue.id(), target);
            results.add(new Added(id, target, existing.contains(id)));
        }
        int already = (int) byId.keySet().stream().filter(existing::contains).count();
        return new AddResult(byId.size() - already, results.size() - (byId.size() - already), results);
    }

    /** The queue, unless archived (409): items may be added to ACTIVE and PAUSED queues. */
    Queue requireOpenForItems(UUID projectId, UUID queueId) {
        Queue queue = get(projectId, queueId);
        if (queue.status() == QueueStatus.ARCHIVED) {
            throw ApiProblem.conflict("queue '" + queue.name() + "' is archived; restore it (PATCH status ACTIVE) to add items");
        }
        return queue;
    }

    /** Removes an item (a new version with removed = 1); its history stays. Idempotent. */
    public void removeItem(Principal admin, UUID queueId, UUID itemId) {
        get(admin.projectId(), queueId);
        QueueItem item = queues.findItem(admin.projectId(), queueId, itemId)
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in queue " + queueId));
        if (!item.removed()) {
            QueueItem removed = new QueueItem(item.id(), item.queueId(), item.target(), item.priority(), item.addedAt(),
                    item.addedBy(), true);
            queues.saveItems(admin.projectId(), List.of(removed));
            memories.get(admin.projectId(), queueId).putItems(List.of(removed));
        }
    }

    /** Designates annotators (queue members) for an item: how MANUAL queues hand out work. */
    public QueueItemView assign(Principal admin, UUID queueId, UUID itemId, List<String> annotators) {
        Queue queue = get(admin.projectId(), queueId);
        if (annotators == null || annotators.isEmpty()) {
            throw ApiProblem.invalid("annotators", "name at least one annotator of the queue");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < annotators.size(); i++) {
            if (!queue.isAnnotator(annotators.get(i))) {
                errors.add(new FieldError("annotators[" + i + "]", "'" + annotators.get(i) + "' is not an annotator of this queue"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        QueueMemory memory = memories.get(admin.projectId(), queueId);
        QueueItem item = queues.findItem(admin.projectId(), queueId, itemId).filter(found -> !found.removed())
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in queue " + queueId));
        Instant now = now();
        List<QueueEvent> assigned = annotators.stream().distinct().map(annotator -> new QueueEvent(itemId, now,
                ids.get(), EventType.ASSIGNED, annotator, admin.name(), -1, -1, null, "")).toList();
        events.insertAll(admin.projectId(), queueId, assigned);
        memory.putItems(List.of(item));
        // merged, not replaced: an owner's memory holds its events not yet stored
        memory.putEvents(itemId, events.itemEvents(admin.projectId(), queueId, itemId), false);
        return item(admin.projectId(), queueId, itemId);
    }

    public QueueItemView item(UUID projectId, UUID queueId, UUID itemId) {
        QueueMemory memory = memories.get(projectId, queueId);
        QueueItem item = memory.entry(itemId).map(QueueMemory.Entry::item)
                .or(() -> queues.findItem(projectId, queueId, itemId))
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in queue " + queueId));
        List<QueueEvent> log = events.itemEvents(projectId, queueId, itemId);
        Queue queue = memory.queue();
        return QueueItemView.of(item, ItemState.fold(log, queue.annotatorsPerItem(), queue.reviewRequired(),
                item.removed()), clock.instant());
    }

    /**
     * Every event of the item, oldest first: the stored ones and those in this instance's memory (on the queue's
     * owner, its decisions not stored yet: a claim waits for the next group commit).
     */
    public List<QueueEvent> history(UUID projectId, UUID queueId, UUID itemId) {
        item(projectId, queueId, itemId);
        Map<UUID, QueueEvent> byId = new HashMap<>();
        events.itemEvents(projectId, queueId, itemId).forEach(event -> byId.put(event.eventId(), event));
        memories.get(projectId, queueId).entry(itemId).ifPresent(entry -> entry.events().values()
                .forEach(event -> byId.putIfAbsent(event.eventId(), event)));
        return byId.values().stream()
                .sorted(Comparator.comparing(QueueEvent::at).thenComparing(QueueEvent::eventId)).toList();
    }

    /** Items in (added at, id) order after the cursor, optionally only those in the given states. */
    public List<QueueItemView> items(UUID projectId, UUID queueId, Set<ItemStatus> statuses,
                                     Optional<ItemAfter> after, int limit) {
        QueueMemory memory = memories.fresh(projectId, queueId);
        Instant now = clock.instant();
        Comparator<QueueItem> order = Comparator.comparing(QueueItem::addedAt).thenComparing(QueueItem::id);
        return memory.entries().stream()
                .filter(entry -> after.map(cursor -> order.compare(entry.item(), cursor.asItem()) > 0).orElse(true))
                .filter(entry -> statuses.isEmpty() ? !entry.item().removed() : statuses.contains(entry.state().status(now)))
                .sorted(Comparator.comparing(QueueMemory.Entry::item, order))
                .limit(limit)
                .map(entry -> QueueItemView.of(entry.item(), entry.state(), now))
                .toList();
    }

    /** An item a reviewer approved: its valid submissions are the item's consensus. */
    public record ApprovedItem(UUID queueId, UUID itemId, Target target) {
    }

    /**
     * The items whose status is APPROVED (their latest review decision approved them), in one queue or, with
     * {@code queueId} empty, in every queue of the project; from the fold of the event log, read fresh.
     */
    public List<ApprovedItem> approvedItems(UUID projectId, Optional<UUID> queueId) {
        List<UUID> ids = new ArrayList<>();
        if (queueId.isPresent()) {
            ids.add(queueId.get());
        } else {
            Optional<Queue> last = Optional.empty();
            List<Queue> page;
            do {
                page = queues.list(projectId, Optional.empty(), last.map(Queue::name), last.map(Queue::id), 1_000);
                page.stream().filter(Queue::reviewRequired).forEach(queue -> ids.add(queue.id()));
                last = page.isEmpty() ? last : Optional.of(page.getLast());
            } while (page.size() == 1_000);
        }
        Instant now = clock.instant();
        List<ApprovedItem> approved = new ArrayList<>();
        for (UUID id : ids) {
            for (QueueMemory.Entry entry : memories.fresh(projectId, id).entries()) {
                if (entry.state().status(now) == ItemStatus.APPROVED) {
                    approved.add(new ApprovedItem(id, entry.item().id(), entry.item().target()));
                }
            }
        }
        return approved;
    }

    /** Where a page of items ended: the last item's (added at, id), the list's sort key. */
    public record ItemAfter(Instant addedAt, UUID id) {
        QueueItem asItem() {
            return new QueueItem(id, null, null, 0, addedAt, null, false);
        }
    }

    private void requireNameFree(Queue queue) {
        if (queues.liveNameTaken(queue.projectId(), queue.name(), queue.id())) {
            throw ApiProblem.conflict("a queue named '" + queue.name() + "' already exists in this project; archive it first");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
