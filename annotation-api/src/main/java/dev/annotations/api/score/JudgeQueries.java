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
    /**
     * The several-rating units that make a second pass, with the tally, worth it when others stay slow. The full
     * rule costs the slow units' recomputation (~2.6 s on 1 000 000 units) plus ~23 µs per slow unit (1 % of them
     * slow: 2.8 s, 30 %: 9.6 s); the tallying pass ~2–2.6 s. So it runs when it settles every slow unit, or at
     * least this many.
     */
    static final long TALLY_PASS_WORTH = 100_000;

    /**
     * The most judges a pass lists, each with four states of its own, when units with several judges are slow;
     * with more, those units go through the full rule.
     */
    static final int MOST_LISTED_JUDGES = 4;

    private final ClickHouseStorage storage;
    private final long tallyPassWorth;
    private final int mostListedJudges;

    public JudgeQueries(ClickHouseStorage storage) {
        this(storage, TALLY_PASS_WORTH, MOST_LISTED_JUDGES);
    }

    /**
     * With other thresholds for the tallying pass ({@link #TALLY_PASS_WORTH}: 1 runs it whenever units with
     * several ratings are slow) and for listing judges ({@link #MOST_LISTED_JUDGES}: 0 never lists them) — what
     * tests use to compare each pass with the full rule on mixed data.
     */
    public JudgeQueries(ClickHouseStorage storage, long tallyPassWorth, int mostListedJudges) {
        this.storage = storage;
        this.tallyPassWorth = tallyPassWorth;
        this.mostListedJudges = mostListedJudges;
    }

    /**
     * Whose consensus the judges are compared with: the human ratings of a config, or of a name scored without
     * a config. {@code labels}: the labels a rating can carry, in the config's order (its categories, or a BOOLEAN
     * config's two labels); empty when they are not known (a name without a config) or for numbers — the fast
     * path tallies several ratings' labels only against a known list.
     */
    public record Human(UUID projectId, Optional<UUID> configId, String name, RatingSelection.ValueKind value,
                        List<String> labels) {
        public Human {
            labels = List.copyOf(labels);
        }
    }

    /**
     * {@code units} targets a judge scored {@code judgeKey}/{@code judgeValue} in the bucket starting at
     * {@code bucketStart} (epoch seconds), whose human consensus was {@code humanKey}/{@code humanValue} (a
     * label, a JSON array of labels or a mean); {@code humanPresent} false when no human rated the target.
     */
    public record Cell(String judge, long bucketStart, String judgeKey, Double judgeValue, boolean humanPresent,
                       boolean humanTie, String humanKey, Double humanValue, long units) {
    }

    /**
     * The cells and the number of human-rated units of one comparison, and how many units the fast path left to
     * the full rule (0 when the fast path settled every unit, and when judges of kind HUMAN are asked for: then
     * the full rule answers for every unit).
     */
    public record Comparison(List<Cell> cells, long humanUnits, long slowUnits) {
    }

    /**
     * What {@link #cells} and {@link #humanUnits} give, in one pass over the name's live scores where it can
     * (see {@link JudgeFastPath}): units with one judge and at most one human rating take that rating as the
     * consensus. When units with several ratings are slow, a second pass tallies their consensus instead
     * (when their ratings need no "latest" rule, see {@link #TALLY_PASS_WORTH}); when units with several judges
     * are slow, a second pass lists the judges (up to {@link #MOST_LISTED_JUDGES}), each with states of its own,
     * and tallies too when several-rating units are slow. Only the units left go through the view's full rule.
     * The cells come merged: one per distinct (judge, bucket, judge value, human value).
     */
    public Comparison compare(RatingSelection judges, Human human, TimeBucket bucket) {
        storage.acknowledgedWrites().awaitLoaded();
        if (judges.kinds().isEmpty() || judges.kinds().contains(AnnotatorKind.HUMAN)) {
            // the fast path tells the sides apart by kind: only judges that are not humans
            return new Comparison(merged(cells(judges, human, bucket)), humanUnits(human), 0);
        }
        Pass pass = pass(new JudgeFastPath(storage, judges, human, false, List.of()), bucket);
        List<String> listed = pass.severalJudges() > 0 ? judgeAuthors(judges, mostListedJudges + 1) : List.of();
        if (!listed.isEmpty() && listed.size() <= mostListedJudges) {
            // the tally too when several ratings are slow: one more pass for both is cheaper than two
            pass = pass(new JudgeFastPath(storage, judges, human, pass.several() > 0, listed), bucket);
        } else if (pass.several() > 0 && JudgeFastPath.canTally(human)
                && (pass.several() == pass.slow() || pass.several() >= tallyPassWorth)) {
            pass = pass(new JudgeFastPath(storage, judges, human, true, List.of()), bucket);
        }
        List<Cell> cells = new ArrayList<>(pass.cells());
        long humanUnits = pass.humanUnits();
        if (pass.slow() > 0) {
            java.util.function.Function<List<Object>, String> onlySlow = pass.path()::slowUnits;
            cells.addAll(cells(judges, human, bucket, onlySlow));
            humanUnits += humanUnits(human, onlySlow);
        }
        return new Comparison(merged(cells), humanUnits, pass.slow());
    }

    /** One fast-path statement's answer: the fast units' cells and human units, and the slow units' counts. */
    private record Pass(JudgeFastPath path, List<Cell> cells, long humanUnits, long slow, long several,
                        long severalJudges) {
    }

    private Pass pass(JudgeFastPath path, TimeBucket bucket) {
        List<Object> binds = new ArrayList<>();
        String sql = path.cells(bucket, binds);
        List<Cell> cells = new ArrayList<>();
        long[] counts = new long[4]; // humans, slow, several, judges
        storage.callAnalytics(dsl -> {
            dsl.fetch(sql, binds.toArray()).forEach(row -> {
                long units = count(row.get("units"));
                switch (row.get("part").toString()) {
                    case "cell" -> cells.add(cell(row));
                    case "humans" -> counts[0] += units;
                    case "slow" -> counts[1] += units;
                    case "several" -> counts[2] += units;
                    default -> counts[3] += units;
                }
            });
            return null;
        });
        return new Pass(path, cells, counts[0], counts[1], counts[2], counts[3]);
    }

    /** Up to {@code most} authors of the judges' scores, in order. */
    private List<String> judgeAuthors(RatingSelection judges, int most) {
        List<Object> binds = new ArrayList<>();
        String sql = "SELECT DISTINCT author FROM " + storage.qualified("annotation_scores") + " WHERE "
                + AnalyticsSql.where(judges, binds) + " ORDER BY author LIMIT " + most;
        return storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray()).map(row -> row.get(0).toString()));
    }

    public List<Cell> cells(RatingSelection judges, Human human, TimeBucket bucket) {
        storage.acknowledgedWrites().awaitLoaded();
        return cells(judges, human, bucket, ignored -> "");
    }

    /**
     * The cells by the view's full rule (the judges' latest scores LEFT JOIN annotation_consensus), over the
     * units {@code filter} keeps (a condition on the unit columns starting with " AND ", or "").
     */
    List<Cell> cells(RatingSelection judges, Human human, TimeBucket bucket,
                     java.util.function.Function<List<Object>, String> filter) {
        List<Object> binds = new ArrayList<>();
        String judged = AnalyticsSql.ratings(storage, judges, binds, filter);
        String consensus = consensus(human, binds, filter);
        String on = String.join(" AND ", AnalyticsSql.UNIT_COLUMNS.stream().map(c -> "j." + c + " = c." + c).toList());
        String sql = "SELECT j.author AS judge, " + bucket.startOf("j.rated_at") + " AS bucket, j.key AS judge_key,"
                + " j.value AS judge_value, c.present = 1 AS human_present, c.tie = 1 AS human_tie,"
                + " c.human_key AS human_key, c.consensus_value AS human_value, count() AS units"
                + " FROM (" + judged + ") AS j LEFT JOIN (" + consensus + ") AS c ON " + on
                + " GROUP BY j.author, bucket, j.key, j.value, c.present, c.tie, c.human_key, c.consensus_value"
                + " SETTINGS join_use_nulls = 1";
        return storage.callAnalytics(dsl -> dsl.fetch(sql, binds.toArray()).map(JudgeQueries::cell));
    }

    private static Cell cell(org.jooq.Record row) {
        return new Cell(row.get("judge").toString(), count(row.get("bucket")), row.get("judge_key").toString(),
                AnalyticsSql.number(row.get("judge_value")), AnalyticsSql.flag(row.get("human_present")),
                AnalyticsSql.flag(row.get("human_tie")), AnalyticsSql.emptyToNull(row.get("human_key")),
                AnalyticsSql.number(row.get("human_value")), count(row.get("units")));
    }

    /** One cell per distinct (judge, bucket, judge value, human value), its units summed, in a stable order. */
    public static List<Cell> merged(List<Cell> cells) {
        java.util.Map<Cell, Long> sums = new java.util.LinkedHashMap<>();
        cells.forEach(cell -> sums.merge(new Cell(cell.judge(), cell.bucketStart(), cell.judgeKey(), cell.judgeValue(),
                cell.humanPresent(), cell.humanTie(), cell.humanKey(), cell.humanValue(), 0), cell.units(), Long::sum));
        return sums.entrySet().stream().map(e -> new Cell(e.getKey().judge(), e.getKey().bucketStart(), e.getKey().judgeKey(),
                        e.getKey().judgeValue(), e.getKey().humanPresent(), e.getKey().humanTie(), e.getKey().humanKey(),
                        e.getKey().humanValue(), e.getValue()))
                .sorted(java.util.Comparator.comparing(Cell::judge).thenComparingLong(Cell::bucketStart)
                        .thenComparing(Cell::judgeKey).thenComparing(Cell::toString))
                .toList();
    }

    /**
     * How many targets have a human consensus: those with a live HUMAN rating (counted on the scores, which is
     * what the view's units are, without computing every consensus again).
     */
    public long humanUnits(Human human) {
        storage.acknowledgedWrites().awaitLoaded();
        return humanUnits(human, ignored -> "");
    }

    long humanUnits(Human human, java.util.function.Function<List<Object>, String> filter) {
        List<Object> binds = new ArrayList<>();
        String sql = "SELECT uniqExact(" + AnalyticsSql.UNIT + ") FROM ("
                + AnalyticsSql.keys(storage, humans(human), binds, filter) + ")";
        return storage.callAnalytics(dsl -> count(dsl.fetchValue(sql, binds.toArray())));
    }

    /** The human side as a selection: the live HUMAN scores of the config (or of the name without a config). */
    static RatingSelection humans(Human human) {
        return new RatingSelection(human.projectId(), human.configId(), human.name(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), java.util.Set.of(AnnotatorKind.HUMAN), List.of(),
                human.value());
    }

    private String consensus(Human human, List<Object> binds,
                             java.util.function.Function<List<Object>, String> filter) {
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
                + " WHERE project_id = ? AND " + which + " AND queue_id IS NULL" + filter.apply(binds);
    }
}
