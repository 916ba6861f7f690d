package dev.annotations.api.analytics;

import java.util.List;

/**
 * The standard ranking metrics of one query from the 0-based positions of its relevant documents, with binary
 * relevance: precision@k = relevant in the top k / k; hit rate@k = 1 when any relevant document is in the top
 * k; reciprocal rank = 1 / rank of the first relevant document (0 when none); NDCG@k = DCG@k / IDCG@k with
 * DCG@k = Σ over relevant ranks r ≤ k of 1 / log2(r + 1) and IDCG@k the DCG of the R relevant documents
 * ranked first (undefined when R = 0). No library offers these for plain rank lists; they are a few sums.
 */
final class RetrievalMetrics {
    private RetrievalMetrics() {
    }

    static double precisionAtK(List<Integer> relevantPositions, int k) {
        return (double) relevantPositions.stream().filter(position -> position < k).count() / k;
    }

    static double hitRateAtK(List<Integer> relevantPositions, int k) {
        return relevantPositions.stream().anyMatch(position -> position < k) ? 1 : 0;
    }

    static double reciprocalRank(List<Integer> relevantPositions) {
        return relevantPositions.stream().mapToInt(Integer::intValue).min().stream()
                .mapToDouble(position -> 1.0 / (position + 1)).findFirst().orElse(0);
    }

    static Double ndcgAtK(List<Integer> relevantPositions, int k) {
        if (relevantPositions.isEmpty()) {
            return null;
        }
        double dcg = relevantPositions.stream().filter(position -> position < k)
                .mapToDouble(position -> gainAt(position + 1)).sum();
        double ideal = 0;
        for (int rank = 1; rank <= Math.min(relevantPositions.size(), k); rank++) {
            ideal += gainAt(rank);
        }
        return dcg / ideal;
    }

    private static double gainAt(int rank) {
        return 1 / (Math.log(rank + 1) / Math.log(2));
    }
}
