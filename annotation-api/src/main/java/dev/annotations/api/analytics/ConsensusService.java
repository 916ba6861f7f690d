package dev.annotations.api.analytics;

import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.RatingQueries;
import dev.annotations.api.score.RatingQueries.Rating;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.score.Source;
import dev.annotations.api.score.Target;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;
import org.dkpro.statistics.agreement.distance.MASISetAnnotationDistanceFunction;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Units with their ratings, consensus and disagreement (GET /api/v1/analytics/agreement/units), so reviewers
 * adjudicate the most disputed first. A queue's approved items take their consensus from the approved
 * submissions (the queue's review decisions come from {@link QueueService#approvedItems}).
 */
public final class ConsensusService {
    private final Subjects subjects;
    private final RatingQueries ratings;
    private final QueueService queues;

    ConsensusService(Subjects subjects, RatingQueries ratings, QueueService queues) {
        this.subjects = subjects;
        this.ratings = ratings;
        this.queues = queues;
    }

    /** A unit in the making: its ratings, consensus and sort values. */
    private record Unit(String key, UnitView view, double disagreement, long lastRatedAt) {
    }

    public UnitView.Page units(UUID projectId, Filters filters, UnitSort sort, Optional<String> cursor, int limit) {
        Subject subject = subjects.resolve(projectId, filters.configId(), filters.name(), "configId");
        Level level = Subjects.level(subject, filters.level());
        RatingSelection selection = Subjects.selection(projectId, subject, filters);
        Optional<UnitCursor> after = UnitCursor.from(cursor, sort);
        List<List<Rating>> grouped = new ArrayList<>();
        ratings.ratings(selection, rating -> {
            if (grouped.isEmpty() || !grouped.getLast().getFirst().target().equals(rating.target())) {
                grouped.add(new ArrayList<>());
            }
            grouped.getLast().add(rating);
        });
        Set<String> approved = new HashSet<>();
        queues.approvedItems(projectId, filters.queueId()).forEach(item ->
                approved.add(approvalKey(item.queueId(), item.target())));
        double scale = scale(subject, level, grouped);
        List<Unit> units = new ArrayList<>(grouped.size());
        for (List<Rating> rated : grouped) {
            units.add(unit(subject, level, rated, approved, filters.queueId(), scale));
        }
        Comparator<Unit> order = sort == UnitSort.DISAGREEMENT
                ? Comparator.comparingDouble(Unit::disagreement).reversed().thenComparing(Unit::key)
                : Comparator.comparingLong(Unit::lastRatedAt).reversed().thenComparing(Unit::key);
        List<Unit> page = units.stream()
                .filter(unit -> after.map(position -> order.compare(unit, position(position)) > 0).orElse(true))
                .sorted(order).limit(limit + 1L).toList();
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Unit last = page.getLast();
            next = new UnitCursor(sort, sort == UnitSort.DISAGREEMENT ? last.disagreement() : last.lastRatedAt(),
                    last.key()).cursor().encode();
        }
        return new UnitView.Page(page.stream().map(Unit::view).toList(), next);
    }

    private static Unit position(UnitCursor cursor) {
        return new Unit(cursor.unitKey(), null, cursor.position(), (long) cursor.position());
    }

    private static Unit unit(Subject subject, Level level, List<Rating> rated, Set<String> approved,
                             Optional<UUID> queueId, double scale) {
        List<Rating> submissions = rated.stream().filter(rating -> rating.queueId() != null
                && rating.source() == Source.ANNOTATION
                && approved.contains(approvalKey(rating.queueId(), rating.target()))).toList();
        boolean reviewed = !submissions.isEmpty();
        Consensus consensus = Consensus.of(subject.valueKind(), reviewed ? submissions : rated, reviewed,
                level == Level.ORDINAL);
        double disagreement = disagreement(subject, level, rated, scale);
        List<UnitView.RatingView> views = rated.stream().map(rating -> new UnitView.RatingView(rating.author(),
                rating.scoreId(), rating.value(), subject.valueKind() == RatingSelection.ValueKind.LABEL ? rating.label() : null,
                subject.valueKind() == RatingSelection.ValueKind.LABELS ? rating.labels() : null)).toList();
        Target target = rated.getFirst().target();
        long lastRatedAt = rated.stream().mapToLong(rating -> rating.ratedAt().toEpochMilli()).max().orElse(0);
        return new Unit(unitKey(target), new UnitView(target, queueId.orElse(null), views, consensus, disagreement),
                disagreement, lastRatedAt);
    }

    /**
     * The mean distance over the unit's pairs of ratings, at most 1: DKPro's nominal distance, MASI distance,
     * or the squared difference divided by the squared range of the scale (the config's bounds, else the
     * range of the values read).
     */
    private static double disagreement(Subject subject, Level level, List<Rating> rated, double scale) {
        if (rated.size() < 2) {
            return 0;
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < rated.size(); i++) {
            for (int j = i + 1; j < rated.size(); j++) {
                sum += distance(subject, level, rated.get(i), rated.get(j), scale);
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double distance(Subject subject, Level level, Rating first, Rating second, double scale) {
        return switch (level) {
            case NOMINAL -> new NominalDistanceFunction().measureDistance(null, first.key(), second.key());
            case MASI -> new MASISetAnnotationDistanceFunction().measureDistance(null,
                    Coding.labelSet(first.key()), Coding.labelSet(second.key()));
            case ORDINAL, INTERVAL -> scale == 0 ? 0 : new IntervalDistanceFunction().measureDistance(null,
                    number(subject, first), number(subject, second)) / (scale * scale);
        };
    }

    private static double scale(Subject subject, Level level, List<List<Rating>> units) {
        if (level != Level.ORDINAL && level != Level.INTERVAL) {
            return 1;
        }
        Optional<double[]> bounds = subject.valueKind() == RatingSelection.ValueKind.NUMBER ? subject.bounds() : Optional.empty();
        if (bounds.isPresent()) {
            return bounds.get()[1] - bounds.get()[0];
        }
        double min = units.stream().flatMap(List::stream).mapToDouble(rating -> number(subject, rating)).min().orElse(0);
        double max = units.stream().flatMap(List::stream).mapToDouble(rating -> number(subject, rating)).max().orElse(0);
        return max - min;
    }

    private static Double number(Subject subject, Rating rating) {
        return subject.valueKind() == RatingSelection.ValueKind.NUMBER ? rating.value()
                : subject.valueOf(rating.label()).orElse(0.0);
    }

    private static String approvalKey(UUID queueId, Target target) {
        return queueId + "\u001f" + unitKey(new Target(target.type(), target.traceId(), target.spanId(),
                target.sessionId(), target.datasetId(), target.itemId(), null));
    }

    static String unitKey(Target target) {
        return target.type() + "\u001f" + Objects.toString(target.traceId(), "") + "\u001f"
                + Objects.toString(target.spanId(), "") + "\u001f" + Objects.toString(target.sessionId(), "") + "\u001f"
                + Objects.toString(target.datasetId(), "") + "\u001f" + Objects.toString(target.itemId(), "") + "\u001f"
                + Objects.toString(target.documentPosition(), "");
    }
}
