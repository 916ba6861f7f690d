package dev.annotations.api.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Retrieval quality from relevance judgements of retrieved documents, per retrieval span and aggregated
 * (means over spans). Ranks are {@code documentPosition + 1}; a document is relevant when at least half of its
 * judges rate it relevant. NDCG uses binary gains and is undefined (null, left out of the means) for a span
 * with no relevant judged document; precision@k divides by k even when fewer than k documents were judged.
 */
public record Retrieval(String name, int k, Double relevantAtLeast, String relevantLabel, long spans,
                        long spansWithoutRelevant, Metrics overall, List<Group> byService, List<Group> byModel,
                        List<Group> bySpanName, List<Point> series, List<SpanMetrics> items) {

    /** Means over spans; {@code ndcgAtK} over the spans with at least one relevant document. */
    public record Metrics(long spans, Double ndcgAtK, double precisionAtK, double hitRateAtK, double mrr) {
    }

    public record Group(String key, Metrics metrics) {
    }

    public record Point(Instant start, Metrics metrics) {
    }

    /** One retrieval span, with the positions judged and judged relevant. */
    public record SpanMetrics(String traceId, String spanId, String service, String spanName, String model,
                              List<Integer> judged, List<Integer> relevant, Double ndcgAtK, double precisionAtK,
                              double hitRateAtK, double mrr) {
    }
}
