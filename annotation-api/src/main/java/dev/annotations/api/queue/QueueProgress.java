package dev.annotations.api.queue;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where a queue stands: items per state (from the folded log) and, per annotator, open and finished work,
 * the median seconds from claim to submit and submissions per UTC day (computed in SQL from the log), and
 * their agreement with the other annotators on each of the queue's configs.
 */
public record QueueProgress(UUID queueId, int items, Map<ItemStatus, Integer> byStatus, double medianSecondsPerItem,
                            Map<String, Long> submissionsPerDay, List<Annotator> annotators) {

    public record Annotator(String name, int designatedPending, int reserved, int submitted, int skipped,
                            int returnedToThem, double medianSecondsPerItem, Map<String, Long> submissionsPerDay,
                            List<AnnotatorAgreement.ConfigAgreement> agreement) {
    }

    static QueueProgress of(QueueMemory memory, QueueEventRepository events, AnnotatorAgreement agreements, Instant now) {
        Queue queue = memory.queue();
        Map<ItemStatus, Integer> byStatus = new EnumMap<>(ItemStatus.class);
        for (ItemStatus status : ItemStatus.values()) {
            byStatus.put(status, 0);
        }
        Map<String, int[]> counts = new TreeMap<>();
        queue.annotators().forEach(name -> counts.put(name, new int[5]));
        int items = 0;
        for (QueueMemory.Entry entry : memory.entries()) {
            ItemState state = entry.state();
            ItemStatus status = state.status(now);
            byStatus.merge(status, 1, Integer::sum);
            if (status == ItemStatus.REMOVED) {
                continue;
            }
            items++;
            for (String name : state.assigned()) {
                if (state.wantsWork() && !state.validSubmissions().containsKey(name) && !state.skipped().contains(name)) {
                    counts.computeIfAbsent(name, key -> new int[5])[0]++;
                }
            }
            state.liveClaims(now).forEach(claim -> counts.computeIfAbsent(claim.annotator(), key -> new int[5])[1]++);
            state.validSubmissions().keySet().forEach(name -> counts.computeIfAbsent(name, key -> new int[5])[2]++);
            state.skipped().forEach(name -> counts.computeIfAbsent(name, key -> new int[5])[3]++);
            state.reservedForReturned().forEach(name -> counts.computeIfAbsent(name, key -> new int[5])[4]++);
        }
        Map<String, Double> medians = events.medianSeconds(queue.projectId(), queue.id());
        Map<String, Map<String, Long>> perDay = new TreeMap<>();
        Map<String, Long> total = new TreeMap<>();
        for (QueueEventRepository.DailyWork work : events.dailyWork(queue.projectId(), queue.id())) {
            perDay.computeIfAbsent(work.annotator(), key -> new TreeMap<>()).put(work.day(), work.submissions());
            total.merge(work.day(), work.submissions(), Long::sum);
        }
        Map<String, List<AnnotatorAgreement.ConfigAgreement>> agreement = agreements.perAnnotator(queue.projectId(),
                queue.id(), queue.configs().stream().map(Queue.ConfigRef::configId).toList());
        List<Annotator> annotators = counts.entrySet().stream().map(entry -> new Annotator(entry.getKey(),
                entry.getValue()[0], entry.getValue()[1], entry.getValue()[2], entry.getValue()[3], entry.getValue()[4],
                medians.getOrDefault(entry.getKey(), 0.0), perDay.getOrDefault(entry.getKey(), Map.of()),
                agreement.getOrDefault(entry.getKey(), List.of()))).toList();
        byStatus.remove(ItemStatus.REMOVED);
        return new QueueProgress(queue.id(), items, byStatus, medians.getOrDefault("", 0.0), total, annotators);
    }
}
