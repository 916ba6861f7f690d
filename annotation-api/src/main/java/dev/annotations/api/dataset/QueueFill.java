package dev.annotations.api.dataset;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.queue.ItemStatus;
import dev.annotations.api.queue.QueueItemView;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A queue's finished items into a dataset: the SPAN and TRACE targets of its items in the given states (at most
 * {@link DatasetJobs#MAX_TARGETS}), filled with the queue's consensus. Used by fill jobs and by the standing
 * "queue to dataset" automation; re-running adds only what is new.
 */
public final class QueueFill {
    private final DatasetService datasets;
    private final DatasetFill fill;
    private final QueueService queues;

    QueueFill(DatasetService datasets, DatasetFill fill, QueueService queues) {
        this.datasets = datasets;
        this.fill = fill;
        this.queues = queues;
    }

    List<Target> targets(UUID projectId, UUID queueId, Set<ItemStatus> statuses) {
        List<Target> targets = new ArrayList<>();
        Optional<QueueService.ItemAfter> after = Optional.empty();
        List<QueueItemView> page;
        do {
            page = queues.items(projectId, queueId, statuses, after, 1_000);
            page.stream().map(QueueItemView::target)
                    .filter(target -> target.type() == TargetType.SPAN || target.type() == TargetType.TRACE)
                    .limit(DatasetJobs.MAX_TARGETS - targets.size()).forEach(targets::add);
            after = page.isEmpty() ? after : Optional.of(new QueueService.ItemAfter(page.getLast().addedAt(), page.getLast().id()));
        } while (page.size() == 1_000 && targets.size() < DatasetJobs.MAX_TARGETS);
        return targets;
    }

    /** Adds the queue's items in {@code statuses} that the dataset lacks, as one version (none when nothing is new). */
    public DatasetService.ChangeResult run(Principal author, UUID datasetId, UUID queueId, Set<ItemStatus> statuses) {
        DatasetService.Filling filling = datasets.filling(author, datasetId);
        List<Target> targets = targets(author.projectId(), queueId, statuses);
        for (int from = 0; from < targets.size(); from += DatasetJobs.CHUNK) {
            filling.add(fill.rows(author.projectId(), datasetId,
                    targets.subList(from, Math.min(targets.size(), from + DatasetJobs.CHUNK)), Optional.of(queueId)));
        }
        return filling.commit("added {n} items from queue " + queueId);
    }
}
