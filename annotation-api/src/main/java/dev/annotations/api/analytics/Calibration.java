package dev.annotations.api.analytics;

import java.time.Instant;
import java.util.List;

/**
 * How LLM and code judges compare with the human consensus on the same targets. Label judges get accuracy,
 * Cohen's κ, the confusion matrix (rows: the humans' label, columns: the judge's) and per-label precision,
 * recall and F1; numeric judges Pearson's and Spearman's correlation, mean absolute error, root mean square
 * error and bias (judge minus humans, on average). Targets lacking either side are counted, not dropped.
 *
 * @param humanUnits targets with a human consensus
 */
public record Calibration(String humanName, String judgeName, String kind, long humanUnits, List<Judge> judges,
                          List<String> notes) {

    /**
     * One judge (the author of LLM or CODE scores).
     *
     * @param n            targets with both the judge's score and a human consensus (a tie among humans excluded)
     * @param withoutHuman targets the judge scored that no human rated
     * @param withoutJudge targets with a human consensus the judge did not score
     * @param humanTies    targets the judge scored whose humans tied (no majority label)
     */
    public record Judge(String judge, long n, long withoutHuman, long withoutJudge, long humanTies, Double accuracy,
                        Double cohenKappa, Confusion confusion, List<LabelScore> perLabel, Double pearson,
                        Double spearman, Double mae, Double rmse, Double bias, List<Point> series) {
    }

    /** {@code matrix[i][j]}: targets the humans labelled {@code labels[i]} and the judge {@code labels[j]}. */
    public record Confusion(List<String> labels, List<List<Long>> matrix) {
    }

    /** How well the judge finds one label; {@code support} = targets the humans gave it. */
    public record LabelScore(String label, Double precision, Double recall, Double f1, long support) {
    }

    /** One time bucket of a judge's scores, to see drift. */
    public record Point(Instant start, long n, Double accuracy, Double cohenKappa, Double mae, Double bias,
                        Double pearson) {
    }
}
