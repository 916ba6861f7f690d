package dev.annotations.api.score;

import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.storage.ClickHouseStorage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.annotations.api.score.AnalyticsSql.UNIT;
import static dev.annotations.api.score.AnalyticsSql.count;

/**
 * Reads for agreement and consensus: ClickHouse keeps one rating per author per unit (the latest live score)
 * and does the counting — units grouped by what they were rated, annotator pairs by what each said — so the
 * service receives contingency tables whose size depends on the variety of ratings, not on the number of units.
 */
public final class RatingQueries {
    private final ClickHouseStorage storage;

    public RatingQueries(ClickHouseStorage storage) {
        this.storage = storage;
    }

    /** Units rated alike: {@code units} units whose ratings were exactly {@code keys} (sorted; any authors). */
    public record Pattern(List<String> keys, long units) {
    }

    /** {@code units} units that annotator {@code a} rated {@code keyA} and annotator {@code b} (a < b) rated {@code keyB}. */
    public record PairCell(String a, String b, String keyA, String keyB, long units) {
    }

    /** How many units with at least two ratings an author rated. */
    public record AnnotatorUnits(String author, long units) {
    }

    /** One author's latest rating of one unit. */
    public record Rating(Target target, String author, UUID scoreId, Double value, String label, List<String> labels,
                         UUID queueId, Source source, Instant ratedAt, String key) {
    }

    /** Everything agreement needs, counted in one pass over the ratings. */
    public record Counts(List<Pattern> patterns, List<PairCell> pairs, List<AnnotatorUnits> annotators) {
    }

    /**
     * Every unit's ratings grouped into patterns (one-rating units included), the pairs of annotators' ratings
     * on the units both rated, and per author the units with two or more ratings they rated. One query: each
     * unit expands into rows of three kinds that one GROUP BY counts.
     */
    public Counts counts(RatingSelection selection) {
        storage.acknowledgedWrites().awaitLoaded();
        List<Object> binds = new ArrayList<>();
        String sql = "SELECT e.1 AS kind, e.2 AS first, e.3 AS second, e.4 AS first_key, e.5 AS second_key,"
                + " count() AS units FROM ("
                + "SELECT arraySort(groupArray((author, key))) AS r, length(r) AS m FROM ("
                + AnalyticsSql.keys(storage, selection, binds) + ") GROUP BY " + UNIT + ")"
                + " ARRAY JOIN arrayConcat("
                + "[(0, toJSONString(arraySort(arrayMap(x -> x.2, r))), '', '', '')],"
                + " if(m >= 2, arrayMap(x -> (2, x.1, '', '', ''), r), []),"
                + " arrayFlatten(arrayMap(i -> arrayMap(j -> (1, r[i].1, r[j].1, r[i].2, r[j].2),"
                + " range(i + 1, m + 1)), range(1, m)))) AS e"
                + " GROUP BY e.1, e.2, e.3, e.4, e.5";
        List<Pattern> patterns = new ArrayList<>();
        List<PairCell> pairs = new ArrayList<>();
        List<AnnotatorUnits> annotators = new ArrayList<>();
        storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray())).forEach(row -> {
            long units = count(row.get("units"));
            String first = row.get("first").toString();
            switch (((Number) row.get("kind")).intValue()) {
                case 0 -> patterns.add(new Pattern(AnalyticsSql.strings(first), units));
                case 1 -> pairs.add(new PairCell(first, row.get("second").toString(), row.get("first_key").toString(),
                        row.get("second_key").toString(), units));
                default -> annotators.add(new AnnotatorUnits(first, units));
            }
        });
        annotators.sort(java.util.Comparator.comparing(AnnotatorUnits::author));
        return new Counts(patterns, pairs, annotators);
    }

    /**
     * Hands every rating to {@code each}, grouped by unit (rows of one unit are adjacent), authors in order
     * within a unit, as the rows arrive (never the whole result in memory).
     */
    public void ratings(RatingSelection selection, Consumer<Rating> each) {
        storage.acknowledgedWrites().awaitLoaded();
        List<Object> binds = new ArrayList<>();
        String sql = "SELECT " + UNIT + ", author, score_id, value, label, toJSONString(labels) AS label_set, queue_id,"
                + " source, toUnixTimestamp64Milli(rated_at) AS rated_ms, key FROM ("
                + AnalyticsSql.ratings(storage, selection, binds) + ") ORDER BY " + UNIT + ", author";
        storage.stream(dsl -> dsl.resultQuery(sql, binds.toArray()), row -> each.accept(new Rating(AnalyticsSql.target(row),
                row.get("author").toString(), AnalyticsSql.uuid(row.get("score_id")), AnalyticsSql.number(row.get("value")),
                AnalyticsSql.emptyToNull(row.get("label")), AnalyticsSql.strings(row.get("label_set")),
                AnalyticsSql.uuid(row.get("queue_id")), Source.valueOf(row.get("source").toString()),
                Instant.ofEpochMilli(count(row.get("rated_ms"))), row.get("key").toString())));
    }

    /** What the live scores called {@code name} without a config are: their data types, and whether any has several labels. */
    public record NameShape(Set<DataType> dataTypes, boolean multiSelect) {
    }

    public NameShape shapeOf(UUID projectId, String name) {
        storage.acknowledgedWrites().awaitLoaded();
        String sql = "SELECT DISTINCT toString(data_type) AS type, notEmpty(labels) AS multi FROM " + storage.qualified("annotation_scores")
                + " WHERE project_id = ? AND name = ? AND config_id IS NULL AND is_deleted = 0";
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        boolean[] multi = {false};
        storage.callAnalytics(dsl -> dsl.fetch(sql, projectId, name)).forEach(row -> {
            types.add(DataType.valueOf(row.get("type").toString()));
            multi[0] |= AnalyticsSql.flag(row.get("multi"));
        });
        return new NameShape(types, multi[0]);
    }
}
