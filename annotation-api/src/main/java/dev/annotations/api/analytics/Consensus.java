package dev.annotations.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.annotations.api.score.RatingQueries.Rating;
import dev.annotations.api.score.RatingSelection;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a unit's ratings amount to. The rule (the SQL view {@code annotation_consensus} applies the same one):
 * numbers → their mean ({@code value}; the median with {@code level=ordinal}) and median; one label per rating →
 * the label with the most votes, none on a tie (the tied labels are listed); several labels per rating → the
 * labels more than half the ratings chose, those chosen by exactly half being ties. When a queue's reviewer
 * approved the item, only the approved submissions count and the method is REVIEW.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Consensus(Method method, String label, List<String> labels, Double value, Double median, boolean tie,
                        List<String> tiedLabels) {

    public enum Method { MAJORITY, MEAN, MEDIAN, REVIEW }

    /**
     * @param counted  the ratings the consensus is taken over (the approved submissions when reviewed)
     * @param reviewed whether a reviewer's approval chose {@code counted}
     * @param ordinal  numbers are an ordered scale: the median is the consensus value
     */
    static Consensus of(RatingSelection.ValueKind kind, List<Rating> counted, boolean reviewed, boolean ordinal) {
        if (kind == RatingSelection.ValueKind.NUMBER) {
            double[] values = counted.stream().mapToDouble(Rating::value).toArray();
            double mean = StatUtils.mean(values);
            double median = new Median().evaluate(values);
            Method method = reviewed ? Method.REVIEW : ordinal ? Method.MEDIAN : Method.MEAN;
            return new Consensus(method, null, null, ordinal ? median : mean, median, false, List.of());
        }
        Map<String, Integer> votes = new TreeMap<>();
        for (Rating rating : counted) {
            List<String> chosen = kind == RatingSelection.ValueKind.LABELS ? rating.labels() : List.of(rating.label());
            chosen.forEach(label -> votes.merge(label, 1, Integer::sum));
        }
        Method method = reviewed ? Method.REVIEW : Method.MAJORITY;
        int ratings = counted.size();
        if (kind == RatingSelection.ValueKind.LABELS) {
            List<String> majority = new ArrayList<>();
            List<String> tied = new ArrayList<>();
            votes.forEach((label, count) -> {
                if (count * 2 > ratings) {
                    majority.add(label);
                } else if (count * 2 == ratings) {
                    tied.add(label);
                }
            });
            return new Consensus(method, null, majority, null, null, !tied.isEmpty(), tied);
        }
        int top = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> leaders = votes.entrySet().stream().filter(entry -> entry.getValue() == top).map(Map.Entry::getKey).toList();
        boolean tie = leaders.size() > 1;
        return new Consensus(method, tie ? null : leaders.getFirst(), null, null, null, tie, tie ? leaders : List.of());
    }
}
