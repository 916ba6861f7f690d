package dev.annotations.api.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.annotations.api.score.Target;

import java.util.List;
import java.util.UUID;

/**
 * One unit for adjudication: its ratings by author, their consensus and how much they disagree (0 = all
 * alike, 1 = as far apart as the scale allows). {@code queueId} is the queue the unit lies in when the request
 * named one.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UnitView(Target target, UUID queueId, List<RatingView> ratings, Consensus consensus, double disagreement) {

    /** One author's latest rating: {@code value} for numbers, {@code label} for one label, {@code labels} for several. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RatingView(String author, UUID scoreId, Double value, String label, List<String> labels) {
    }

    /** A page of units; {@code nextCursor} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<UnitView> items, String nextCursor) {
    }
}
