package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;

import java.util.List;

/**
 * Judge calibration's fast path: one GROUP BY over the live scores of both sides (the humans' config or name and
 * the judges' name), by unit, with scalar aggregate states only. A unit with at most one live human rating
 * (one row: one score in one version) has that rating as its consensus — no tally, no median, no review rule
 * (a single rating is its own majority, mean and median, reviewed or not, and never a tie); a unit whose judge
 * rows all come from one judge has that judge's newest row as its latest. Every other unit is "slow" and goes
 * through the view's full rule ({@link JudgeQueries#cells} restricted to the slow units), so the answers are the
 * view's (JudgeFastPathTest compares both on tied, reviewed, multi-select, edited and deleted units).
 *
 * <p>Why this shape (bench-results/analytics.md): over 1 000 000 units the view and the join cost the engine
 * 6–8 s of CPU, this pass about a quarter of that. Tuple, array and argMax-over-tuple states are the expensive
 * part of a GROUP BY here (ClickHouse keeps them generically), so the recency (timestamp, id, version) is
 * packed into one UInt256 and every state is a number or a string. Each state costs per unit too: the single
 * human rating comes as two (its key, its number) rather than four (type, multi-select, content, value), and the
 * judge's NULL is read off its number (NaN) rather than kept in a third argMax — 10–13 % less engine CPU, side by
 * side. Measured without a gain (README, analytics figures): a 128-bit hash of the unit as the GROUP BY key (the
 * hashing costs what the narrower key saves, and it is not exact), {@code optimize_aggregation_in_order} on the
 * table's sort key (slower: the parts merged in key order), {@code group_by_two_level_threshold = 0}.
 */
final class JudgeFastPath {
    /**
     * (timestamp, id, version) as one UInt256 that sorts like the tuple: the millisecond timestamp shifted to
     * be unsigned, then the id's two 64-bit halves in the order ClickHouse compares UUIDs (low half first),
     * then the version.
     */
    static final String RECENCY = "bitShiftLeft(toUInt256(toInt128(toUnixTimestamp64Milli(timestamp))"
            + " + toInt128('9223372036854775808')), 192)"
            + " + bitShiftLeft(toUInt256(bitAnd(toUInt128(id), toUInt128('18446744073709551615'))), 128)"
            + " + bitShiftLeft(toUInt256(bitShiftRight(toUInt128(id), 64)), 64) + version";

    private final ClickHouseStorage storage;
    private final RatingSelection judges;
    private final JudgeQueries.Human human;

    JudgeFastPath(ClickHouseStorage storage, RatingSelection judges, JudgeQueries.Human human) {
        this.storage = storage;
        this.judges = judges;
        this.human = human;
    }

    /**
     * One row per unit: counts and the single human rating, the judge's newest row, and whether the unit is
     * slow. Rows of kind HUMAN are the human side, the others the judges' (the judges' selection never reads
     * HUMAN scores).
     */
    String units(List<Object> binds) {
        // the single rating's key as the view would give it (a label, a JSON array, or none), read off its row
        String humanKey = switch (human.value()) {
            case NUMBER -> "CAST(NULL, 'Nullable(String)')";
            case LABEL -> "if(data_type != 'NUMERIC' AND empty(labels), string_value, NULL)";
            case LABELS -> "if(data_type != 'NUMERIC' AND notEmpty(labels), toJSONString(arraySort(arrayDistinct(labels))), '[]')";
        };
        String humanShape = switch (human.value()) {
            case NUMBER -> "value IS NOT NULL";
            case LABEL -> "string_value != ''";
            case LABELS -> "notEmpty(labels)";
        };
        String judgeContent = switch (judges.value()) {
            case NUMBER -> "''";
            case LABEL -> "string_value";
            case LABELS -> "toJSONString(arraySort(labels))";
        };
        String h = "annotator_kind = 'HUMAN'";
        String rating = h + " AND data_type != 'TEXT'";
        String j = "annotator_kind != 'HUMAN'";
        binds.add(human.projectId());
        binds.add(human.projectId());
        String humanWhere = AnalyticsSql.where(JudgeQueries.humans(human), binds);
        String judgeWhere = AnalyticsSql.where(judges, binds);
        String scores = storage.qualified("annotation_scores");
        return "SELECT " + AnalyticsSql.UNIT + ","
                + " countIf(" + h + ") AS human_rows,"
                + " countIf(" + rating + ") AS rated,"
                // what the cells need of the single rating (rated = 1), each one state: fewer states, less work per unit
                + " anyIf(" + humanKey + ", " + rating + ") AS rating_key,"
                + " anyIf(if(data_type = 'NUMERIC', value, NULL), " + rating + ") AS rating_value,"
                + " minIf(" + humanShape + ", " + h + ") AS all_shaped,"
                + " maxIf(" + humanShape + ", " + h + ") AS any_shaped,"
                + " countIf(" + j + ") AS judged,"
                + " minIf(author, " + j + ") AS judge_author,"
                + " maxIf(author, " + j + ") = judge_author AS one_judge,"
                + " maxIf(timestamp, " + j + ") AS judged_at,"
                + " argMaxIf(" + judgeContent + ", " + RECENCY + ", " + j + ") AS judged_content,"
                + " argMaxIf(ifNull(value, nan), " + RECENCY + ", " + j + ") AS judged_number,"
                // NaN stands for NULL: no stored value is NaN (ContentRules and EvaluationScores refuse non-finite
                // values), and one argMax state fewer per unit is ~10 % of this pass
                + " isNaN(judged_number) AS judged_null,"
                + " (judged > 0 AND (rated > 1 OR NOT one_judge)) OR (human_rows > 0 AND all_shaped != any_shaped) AS slow"
                + " FROM " + scores
                + " WHERE project_id = ? AND id NOT IN (SELECT id FROM " + scores + " WHERE project_id = ? AND is_deleted = 1)"
                + " AND ((" + humanWhere + ") OR (" + judgeWhere + "))"
                + " GROUP BY " + AnalyticsSql.UNIT;
    }

    /**
     * The fast units' cells ({@code part} 'cell'), how many of them have a human consensus ('humans') and how
     * many units are slow ('slow'), each row's count in {@code units}.
     */
    String cells(TimeBucket bucket, List<Object> binds) {
        String judgeShape = switch (judges.value()) {
            case NUMBER -> "NOT judged_null";
            case LABEL -> "judged_content != ''";
            case LABELS -> "judged_content != '[]'";
        };
        String judgeKey = judges.value() == RatingSelection.ValueKind.NUMBER ? "toString(judged_number)" : "judged_content";
        String cell = "part = 'cell'";
        return "SELECT part, if(" + cell + ", judge_author, '') AS judge,"
                + " if(" + cell + ", " + bucket.startOf("judged_at") + ", 0) AS bucket,"
                + " if(" + cell + ", " + judgeKey + ", '') AS judge_key,"
                + " if(" + cell + " AND NOT judged_null, judged_number, NULL) AS judge_value,"
                + " " + cell + " AND rated = 1 AS human_present, false AS human_tie,"
                + " if(" + cell + " AND rated = 1, rating_key, NULL) AS human_key,"
                + " if(" + cell + " AND rated = 1, rating_value, NULL) AS human_value,"
                + " count() AS units"
                + " FROM (" + units(binds) + ")"
                + " ARRAY JOIN if(slow, ['slow'], arrayConcat(if(judged > 0 AND " + judgeShape + ", ['cell'], []),"
                + " if(human_rows > 0 AND all_shaped, ['humans'], []))) AS part"
                + " GROUP BY part, judge, bucket, judge_key, judge_value, human_present, human_tie, human_key, human_value";
    }

    /** The condition keeping the slow units only, for the full rule's queries (computes the units again). */
    String slowUnits(List<Object> binds) {
        return " AND (" + AnalyticsSql.UNIT + ") IN (SELECT " + AnalyticsSql.UNIT + " FROM (" + units(binds) + ") WHERE slow)";
    }
}
