package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Judge calibration's fast path: one GROUP BY over the live scores of both sides (the humans' config or name and
 * the judges' name), by unit, with scalar aggregate states only. A unit with at most one live human rating (one
 * row: one score in one version) has that rating as its consensus — no tally, no median, no review rule (a single
 * rating is its own majority, mean and median, reviewed or not, and never a tie); a unit whose judge rows all come
 * from one judge has that judge's newest row as its latest.
 *
 * <p>With {@code tally}, the pass also settles units with several ratings when the ratings are the unit's rows:
 * at most {@value #MOST_TALLIED}, each by another author (so no author's older score or older version needs the
 * "latest" rule), all of the expected shape and, for labels, from the config's list. They are tallied as the view
 * tallies them: over the approved submissions alone when a queue's review approved some (V010's review rule),
 * else over all; the majority label or a tie, the labels more than half chose (exactly half: a tie), the mean.
 * With {@code listedJudges}, each listed judge has states of its own, so a unit several of them scored is not
 * slow. Every other unit is "slow" and goes through the view's full rule ({@link JudgeQueries#cells} restricted
 * to the slow units), so the answers are the view's (JudgeFastPathTest compares each pass with it on tied,
 * reviewed, multi-select, edited and deleted units, several humans and judges, and repeated authors).
 *
 * <p>Why this shape (bench-results/analytics.md): over 1 000 000 units the view and the join cost the engine
 * 6–8 s of CPU, this pass about a quarter of that. Tuple, array and argMax-over-tuple states are the expensive
 * part of a GROUP BY here (ClickHouse keeps them generically), so the recency (timestamp, id, version) is
 * packed into one UInt256 and every state is a number or a string. Each state costs per unit too: the single
 * human rating comes as two (its key, its number) rather than four (type, multi-select, content, value), and the
 * judge's NULL is read off its number (NaN) rather than kept in a third argMax — 10–13 % less engine CPU, side by
 * side. The tally's votes are one packed sum rather than a list (an array state: 0.6–0.8 s more on 1 000 000
 * units). The authors are told apart by {@code uniqUpTo}, a fixed inline state of hashes (an exact distinct count
 * costs a hash table per unit): equal authors always hash alike, so a count equal to the rows proves them
 * distinct, and a collision of two authors' hashes only sends the unit to the full rule. It is still the dearest
 * state (0.5–1 s on 1 000 000 units), which is why the tally is a second pass that runs only when it pays
 * ({@link JudgeQueries#TALLY_PASS_WORTH}). Measured without a gain (README, analytics figures): a 128-bit hash
 * of the unit as the GROUP BY key (the hashing costs what the narrower key saves, and it is not exact),
 * {@code optimize_aggregation_in_order} on the table's sort key (slower: the parts merged in key order),
 * {@code group_by_two_level_threshold = 0}.
 */
final class JudgeFastPath {
    /** The most rows of human ratings a unit's consensus is tallied from here (the authors' hash state's size). */
    static final int MOST_TALLIED = 10;
    /** The most labels a config's votes are packed for: 4-bit counts in a UInt256, field 0 for unknown labels. */
    static final int MOST_PACKED_LABELS = 63;

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
    private final boolean tally;
    private final List<String> listedJudges;

    /**
     * {@code tally}: whether several ratings are tallied in the pass; without it a unit with several is slow,
     * and the pass is cheaper (the authors' and the votes' states cost 0.5–1 s per 1 000 000 units).
     * {@code listedJudges}: the judges' authors, each with states of its own, so that a unit several of them
     * scored is not slow; empty: one set of states, and a unit with several judges is slow.
     */
    JudgeFastPath(ClickHouseStorage storage, RatingSelection judges, JudgeQueries.Human human, boolean tally,
                  List<String> listedJudges) {
        this.storage = storage;
        this.judges = judges;
        this.human = human;
        // a list of labels to count against, or numbers: else the tally has nothing to count with
        this.tally = tally && canTally(human);
        this.listedJudges = List.copyOf(listedJudges);
    }

    /** Whether a pass with the tally can settle several ratings of these humans: numbers, or labels of a known list. */
    static boolean canTally(JudgeQueries.Human human) {
        return human.value() == RatingSelection.ValueKind.NUMBER
                || (!human.labels().isEmpty() && human.labels().size() <= MOST_PACKED_LABELS);
    }

    /**
     * One row per unit: counts and the single human rating, the tallied consensus of several, the judge's newest
     * row, and whether the unit is slow. Rows of kind HUMAN are the human side, the others the judges' (the judges'
     * selection never reads HUMAN scores).
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
        // their binds come first: the SELECT list precedes the WHERE
        String tallyStates = votes(rating, binds);
        String judgeStates = judgeStates(j, judgeContent, binds);
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
                + tallyStates
                // a unit the tally could settle: slow for its several ratings alone
                + " rated BETWEEN 2 AND " + MOST_TALLIED + " AND all_shaped AS several,"
                + " countIf(" + j + ") AS judged,"
                + judgeStates
                + " (judged > 0 AND (other_judges OR (rated > 1 AND NOT tallied)))"
                + " OR (human_rows > 0 AND all_shaped != any_shaped) AS slow,"
                + " slow AND several AND judged > 0 AS slow_for_several"
                + " FROM " + scores
                + " WHERE project_id = ? AND id NOT IN (SELECT id FROM " + scores + " WHERE project_id = ? AND is_deleted = 1)"
                + " AND ((" + humanWhere + ") OR (" + judgeWhere + "))"
                + " GROUP BY " + AnalyticsSql.UNIT;
    }

    /**
     * Each judge's newest row as arrays with an element per judge ({@code judge_authors}, {@code judged_by} (its
     * rows), {@code judged_ats}, {@code judged_contents}, {@code judged_numbers}) and {@code other_judges}, each
     * followed by a comma. Without listed judges the arrays hold one element, the unit's only judge, and
     * {@code other_judges} says there were several; with them an element per listed judge (its states selected by
     * author), and {@code other_judges} says a judge outside the list scored the unit (a score written since the
     * list was read). NaN stands for NULL in {@code judged_numbers}: no stored value is NaN (ContentRules and
     * EvaluationScores refuse non-finite values), and one argMax state fewer per unit is ~10 % of this pass.
     */
    private String judgeStates(String j, String judgeContent, List<Object> binds) {
        if (listedJudges.isEmpty()) {
            return " minIf(author, " + j + ") AS judge_author,"
                    + " maxIf(author, " + j + ") != judge_author AS other_judges,"
                    + " [judged] AS judged_by, [judge_author] AS judge_authors,"
                    + " [maxIf(timestamp, " + j + ")] AS judged_ats,"
                    + " [argMaxIf(" + judgeContent + ", " + RECENCY + ", " + j + ")] AS judged_contents,"
                    + " [argMaxIf(ifNull(value, nan), " + RECENCY + ", " + j + ")] AS judged_numbers,";
        }
        binds.addAll(listedJudges);
        StringBuilder states = new StringBuilder(" [" + AnalyticsSql.placeholders(listedJudges.size()) + "] AS judge_authors,");
        List<String> counts = new ArrayList<>();
        List<String> ats = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int k = 1; k <= listedJudges.size(); k++) {
            // the judge's condition written once, its row-level alias used by its other states
            String is = "is_judge_" + k;
            counts.add("countIf((" + j + " AND author = judge_authors[" + k + "]) AS " + is + ")");
            ats.add("maxIf(timestamp, " + is + ")");
            contents.add("argMaxIf(" + judgeContent + ", " + RECENCY + ", " + is + ")");
            numbers.add("argMaxIf(ifNull(value, nan), " + RECENCY + ", " + is + ")");
        }
        return states.append(" [").append(String.join(", ", counts)).append("] AS judged_by,")
                .append(" [").append(String.join(", ", ats)).append("] AS judged_ats,")
                .append(" [").append(String.join(", ", contents)).append("] AS judged_contents,")
                .append(" [").append(String.join(", ", numbers)).append("] AS judged_numbers,")
                .append(" judged != arraySum(judged_by) AS other_judges,").toString();
    }

    /**
     * With the tally, the states several ratings are tallied from, the consensus the view's rule gives them
     * ({@code tallied_key}, {@code tallied_tie}, {@code tallied_value}) and whether it holds ({@code tallied});
     * without, those four as constants. Each is followed by a comma.
     */
    private String votes(String rating, List<Object> binds) {
        if (!tally) {
            return " CAST(NULL, 'Nullable(String)') AS tallied_key, false AS tallied_tie,"
                    + " CAST(NULL, 'Nullable(Float64)') AS tallied_value, false AS tallied,";
        }
        // several ratings: their authors and their votes; uniqUpTo(N) counts N + 1 for more than N distinct values:
        // only up to N ratings prove distinct authors
        String tallied = " uniqUpToIf(" + MOST_TALLIED + ")(author, " + rating + ") AS rating_authors,"
                + " rated BETWEEN 2 AND " + MOST_TALLIED + " AND all_shaped AND talliable AND rating_authors = rated AS tallied,";
        return tallyOf(rating, binds) + tallied;
    }

    /**
     * A row that is an approved submission, as V010 has it: a queue's ANNOTATION score on a target whose item in
     * that queue is APPROVED (the view annotation_queue_item_status). A unit with approved submissions takes its
     * consensus from them alone.
     */
    private String approved(List<Object> binds) {
        binds.add(human.projectId());
        return "source = 'ANNOTATION' AND queue_id IS NOT NULL"
                + " AND (project_id, assumeNotNull(queue_id), toString(target_type), trace_id, span_id, session_id, dataset_id, item_id)"
                + " IN (SELECT s.project_id, s.queue_id, toString(i.target_type), i.trace_id, i.span_id, i.session_id,"
                + " i.dataset_id, i.item_id FROM " + storage.qualified("annotation_queue_item_status") + " AS s"
                + " INNER JOIN (SELECT project_id, queue_id, id, target_type, trace_id, span_id, session_id, dataset_id, item_id"
                + " FROM " + storage.qualified("annotation_queue_items") + " FINAL) AS i"
                + " ON i.project_id = s.project_id AND i.queue_id = s.queue_id AND i.id = s.item_id"
                + " WHERE s.status = 'APPROVED' AND s.project_id = ?)";
    }

    /**
     * The votes' states and their consensus, and whether they can be tallied ({@code talliable}). The consensus
     * is taken over the approved submissions ({@code approved}) when the unit has some, else over every rating.
     * Labels and multi-select labels: the votes as one sum, a histogram packed into 4-bit counts (field 0 counts
     * labels not in the config's list; a rating chooses a label at most once, so no count of at most
     * {@value #MOST_TALLIED} ratings overflows into the next); the majority label, or a tie when several share the
     * most votes; the sorted labels more than half of the ratings chose, a tie when one was chosen by exactly half.
     * Numbers: the mean, when every rating is NUMERIC (the view takes no mean otherwise).
     */
    private String tallyOf(String rating, List<Object> binds) {
        // the approved check written once (its subquery has a bind), its row-level alias used by the other states
        String reviewed = " countIf(" + rating + " AND (" + approved(binds) + ") AS approved_row) AS approved_ratings,"
                + " approved_ratings > 0 AS reviewed, if(reviewed, approved_ratings, rated) AS consensus_ratings,";
        String approved = rating + " AND approved_row";
        if (human.value() == RatingSelection.ValueKind.NUMBER) {
            return reviewed
                    + " if(reviewed, sumIf(value, " + approved + "), sumIf(value, " + rating + ")) / consensus_ratings AS mean,"
                    + " minIf(data_type = 'NUMERIC', " + rating + ") AS all_numeric,"
                    + " CAST(NULL, 'Nullable(String)') AS tallied_key,"
                    + " false AS tallied_tie,"
                    + " if(all_numeric, mean, NULL) AS tallied_value,"
                    + " all_numeric AS talliable,";
        }
        List<String> labels = human.labels();
        String width = labels.size() <= 15 ? "UInt64" : "UInt256";
        binds.addAll(labels);
        UnaryOperator<String> vote = label -> "bitShiftLeft(to" + width + "(1), 4 * indexOf(tally_labels, " + label + "))";
        String votes = human.value() == RatingSelection.ValueKind.LABEL
                ? vote.apply("string_value")
                : "arraySum(l -> " + vote.apply("l") + ", labels)";
        String tally = "[" + AnalyticsSql.placeholders(labels.size()) + "] AS tally_labels,"
                + " sumIf(" + votes + ", " + rating + ") AS packed,"
                + " if(reviewed, sumIf(" + votes + ", " + approved + "), packed) AS counted,"
                + " arrayMap(i -> toUInt8(bitAnd(bitShiftRight(counted, 4 * i), 15)), range(1, " + (labels.size() + 1) + ")) AS counts,";
        String consensus = human.value() == RatingSelection.ValueKind.LABEL
                ? " arrayFilter((l, c) -> c = arrayMax(counts), tally_labels, counts) AS leaders,"
                        + " if(length(leaders) = 1, leaders[1], NULL) AS tallied_key,"
                        + " length(leaders) > 1 AS tallied_tie,"
                : " toJSONString(arraySort(arrayFilter((l, c) -> c * 2 > consensus_ratings, tally_labels, counts))) AS tallied_key,"
                        + " arrayExists(c -> c * 2 = consensus_ratings, counts) AS tallied_tie,";
        return reviewed + " " + tally + consensus + " CAST(NULL, 'Nullable(Float64)') AS tallied_value,"
                + " bitAnd(packed, 15) = 0 AS talliable,";
    }

    /**
     * The fast units' cells ({@code part} 'cell', one per judge of a unit), how many units have a human consensus
     * ('humans'), how many are slow ('slow'), how many of those have several ratings the tally may settle
     * ('several') and how many several judges ('judges': a pass with the judges listed may settle those), each
     * row's count in {@code units}.
     */
    String cells(TimeBucket bucket, List<Object> binds) {
        UnaryOperator<String> judgeShape = k -> switch (judges.value()) {
            case NUMBER -> "NOT isNaN(judged_numbers[" + k + "])";
            case LABEL -> "judged_contents[" + k + "] != ''";
            case LABELS -> "judged_contents[" + k + "] != '[]'";
        };
        String judgeKey = judges.value() == RatingSelection.ValueKind.NUMBER
                ? "toString(judged_numbers[entry.2])" : "judged_contents[entry.2]";
        String cell = "part = 'cell'";
        // each unit becomes its parts: a cell per judge k that scored it, 'humans', or 'slow' (and why)
        String entries = "if(slow, arrayConcat([('slow', toUInt32(0))], if(slow_for_several, [('several', toUInt32(0))], []),"
                + " if(judged > 0 AND other_judges, [('judges', toUInt32(0))], [])),"
                + " arrayConcat(arrayMap(k -> ('cell', k), arrayFilter(k -> judged_by[k] > 0 AND " + judgeShape.apply("k")
                + ", arrayEnumerate(judged_by))), if(human_rows > 0 AND all_shaped, [('humans', toUInt32(0))], [])))";
        return "SELECT entry.1 AS part, if(" + cell + ", judge_authors[entry.2], '') AS judge,"
                + " if(" + cell + ", " + bucket.startOf("judged_ats[entry.2]") + ", 0) AS bucket,"
                + " if(" + cell + ", " + judgeKey + ", '') AS judge_key,"
                + " if(" + cell + " AND NOT isNaN(judged_numbers[entry.2]), judged_numbers[entry.2], NULL) AS judge_value,"
                + " " + cell + " AND (rated = 1 OR tallied) AS human_present,"
                + " " + cell + " AND tallied AND tallied_tie AS human_tie,"
                + " if(" + cell + ", multiIf(rated = 1, rating_key, tallied, tallied_key, NULL), NULL) AS human_key,"
                + " if(" + cell + ", multiIf(rated = 1, rating_value, tallied, tallied_value, NULL), NULL) AS human_value,"
                + " count() AS units"
                + " FROM (" + units(binds) + ")"
                + " ARRAY JOIN " + entries + " AS entry"
                + " GROUP BY part, judge, bucket, judge_key, judge_value, human_present, human_tie, human_key, human_value";
    }

    /** The condition keeping the slow units only, for the full rule's queries (computes the units again). */
    String slowUnits(List<Object> binds) {
        return " AND (" + AnalyticsSql.UNIT + ") IN (SELECT " + AnalyticsSql.UNIT + " FROM (" + units(binds) + ") WHERE slow)";
    }
}
