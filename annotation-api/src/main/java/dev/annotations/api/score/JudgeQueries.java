package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.score.AnalyticsSql.count;

/**
 * Judges' scores next to the human consensus of the same targets (the view {@code annotation_consensus}, over
 * all queues), counted in ClickHouse per judge, time bucket and pair of values: a million targets become as
 * many rows as there are distinct (judge, bucket, judge value, human value) combinations.
 */
public final class JudgeQueries {
    private final ClickHouseStorage storage;

    public JudgeQueries(ClickHouseStorage storage) {
        this.storage = storage;
    }

    /**
     * Whose consensus the judges are compared with: the human ratings of a config, or of a name scored without
     * a config.
     */
    public record Human(UUID projectId, Optional<UUID> configId, String name, RatingSelection.ValueKind value) {
    }

    /**
     * {@code units} targets a judge scored {@code judgeKey}/{@code judgeValue} in the bucket starting at
     * {@code bucketStart} (epoch seconds), whose human consensus was {@code humanKey}/{@code humanValue} (a
     * label, a JSON array of labels or a mean); {@code humanPresent} false when no human rated the target.
     */
    public record Cell(String judge, long bucketStart, String judgeKey, Double judgeValue, boolean humanPresent,
                       boolean humanTie, String humanKey, Double humanValue, long units) {
    }

    public List<Cell> cells(RatingSelection judges, Human human, TimeBucket bucket) {
        List<Object> binds = new ArrayList<>();
        String judged = AnalyticsSql.ratings(storage, judges, binds);
        String consensus = consensus(human, binds);
        String on = String.join(" AND ", AnalyticsSql.UNIT_COLUMNS.stream().map(c -> "j." + c + " = c." + c).toList());
        String sql = "SELECT j.author AS judge, " + bucket.startOf("j.rated_at") + " AS bucket, j.key AS judge_key,"
                + " j.value AS judge_value, c.present = 1 AS human_present, c.tie = 1 AS human_tie,"
                + " c.human_key AS human_key, c.consensus_value AS human_value, count() AS units"
                + " FROM (" + judged + ") AS j LEFT JOIN (" + consensus + ") AS c ON " + on
                + " GROUP BY j.author, bucket, j.key, j.value, c.present, c.tie, c.human_key, c.consensus_value"
                + " SETTINGS join_use_nulls = 1";
        return storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray()).map(row -> new Cell(row.get("judge").toString(),
                count(row.get("bucket")), row.get("judge_key").toString(), AnalyticsSql.number(row.get("judge_value")),
                AnalyticsSql.flag(row.get("human_present")), AnalyticsSql.flag(row.get("human_tie")),
                AnalyticsSql.emptyToNull(row.get("human_key")), AnalyticsSql.number(row.get("human_value")),
                count(row.get("units")))));
    }

    /**
     * How many targets have a human consensus: those with a live HUMAN rating (counted on the scores, which is
     * what the view's units are, without computing every consensus again).
     */
    public long humanUnits(Human human) {
        List<Object> binds = new ArrayList<>();
        RatingSelection humans = new RatingSelection(human.projectId(), human.configId(), human.name(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), java.util.Set.of(AnnotatorKind.HUMAN), List.of(),
                human.value());
        String sql = "SELECT uniqExact(" + AnalyticsSql.UNIT + ") FROM (" + AnalyticsSql.keys(storage, humans, binds) + ")";
        return storage.callAnalytics(dsl -> count(dsl.fetchValue(sql, binds.toArray())));
    }

    private String consensus(Human human, List<Object> binds) {
        String key = switch (human.value()) {
            case NUMBER -> "CAST(NULL, 'Nullable(String)')";
            case LABEL -> "consensus_label";
            case LABELS -> "toJSONString(consensus_labels)";
        };
        binds.add(human.projectId());
        String which;
        if (human.configId().isPresent()) {
            which = "config_id = ?";
            binds.add(human.configId().get());
        } else {
            which = "name = ? AND config_id IS NULL";
            binds.add(human.name());
        }
        return "SELECT " + AnalyticsSql.UNIT + ", 1 AS present, tie, " + key + " AS human_key, consensus_value"
                + " FROM " + storage.qualified("annotation_consensus")
                + " WHERE project_id = ? AND " + which + " AND queue_id IS NULL";
    }
}
