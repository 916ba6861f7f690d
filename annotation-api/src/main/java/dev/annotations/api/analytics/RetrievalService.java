package dev.annotations.api.analytics;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.DocumentQueries;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.score.TimeBucket;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Retrieval metrics (GET /api/v1/analytics/retrieval) from DOCUMENT scores: "relevant" is a value of at least
 * {@code relevantAtLeast} (default: the config's max) or the label {@code relevantLabel} (default: a boolean's
 * true label, a categorical config's first category).
 */
public final class RetrievalService {
    static final int MAX_K = 100;

    private final Subjects subjects;
    private final DocumentQueries documents;

    RetrievalService(Subjects subjects, DocumentQueries documents) {
        this.subjects = subjects;
        this.documents = documents;
    }

    public record Request(Optional<String> name, Optional<UUID> configId, int k, Optional<Double> relevantAtLeast,
                          Optional<String> relevantLabel, Optional<Instant> from, Optional<Instant> to,
                          Optional<AnnotatorKind> annotatorKind, List<String> authors, TimeBucket bucket, int limit) {
    }

    public Retrieval retrieval(UUID projectId, Request request) {
        if (request.k() < 1 || request.k() > MAX_K) {
            throw ApiProblem.invalid("k", "must be 1.." + MAX_K + ", was " + request.k());
        }
        Subjects.checkRange(request.from(), request.to());
        Subject subject = subjects.resolve(projectId, request.configId(), request.name(),
                request.configId().isPresent() ? "configId" : "name");
        DocumentQueries.Relevance relevance = relevance(subject, request);
        RatingSelection selection = new RatingSelection(projectId, subject.configId(), subject.name(), false,
                Optional.empty(), request.from(), request.to(),
                request.annotatorKind().map(Set::of).orElse(Set.of()), request.authors(), subject.valueKind());
        int k = request.k();
        List<DocumentQueries.RetrievalSpan> rows = documents.spans(selection, relevance, request.bucket());
        List<Retrieval.SpanMetrics> spans = rows.stream()
                .map(span -> new Retrieval.SpanMetrics(span.traceId(), span.spanId(), span.service(), span.spanName(),
                        span.model(), span.judged(), span.relevant(), RetrievalMetrics.ndcgAtK(span.relevant(), k),
                        RetrievalMetrics.precisionAtK(span.relevant(), k), RetrievalMetrics.hitRateAtK(span.relevant(), k),
                        RetrievalMetrics.reciprocalRank(span.relevant()))).toList();
        Map<Long, List<Retrieval.SpanMetrics>> byBucket = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byBucket.computeIfAbsent(rows.get(i).bucketStart(), key -> new ArrayList<>()).add(spans.get(i));
        }
        List<Retrieval.Point> series = byBucket.entrySet().stream()
                .map(entry -> new Retrieval.Point(Instant.ofEpochSecond(entry.getKey()), metrics(entry.getValue()))).toList();
        List<Retrieval.SpanMetrics> worstFirst = spans.stream()
                .sorted(Comparator.comparing((Retrieval.SpanMetrics span) -> span.ndcgAtK() == null ? -1 : span.ndcgAtK())
                        .thenComparing(Retrieval.SpanMetrics::traceId).thenComparing(Retrieval.SpanMetrics::spanId))
                .limit(request.limit()).toList();
        return new Retrieval(subject.name(), k, relevance.atLeast(), relevance.label(), spans.size(),
                spans.stream().filter(span -> span.relevant().isEmpty()).count(), metrics(spans),
                groups(spans, Retrieval.SpanMetrics::service), groups(spans, Retrieval.SpanMetrics::model),
                groups(spans, Retrieval.SpanMetrics::spanName), series, worstFirst);
    }

    private static DocumentQueries.Relevance relevance(Subject subject, Request request) {
        if (subject.dataType() == DataType.NUMERIC) {
            if (request.relevantLabel().isPresent()) {
                throw ApiProblem.invalid("relevantLabel", "'" + subject.name() + "' is NUMERIC: use relevantAtLeast");
            }
            Double max = subject.config().map(ScoreConfig::max).orElse(null);
            double atLeast = request.relevantAtLeast().or(() -> Optional.ofNullable(max)).orElseThrow(() ->
                    ApiProblem.invalid("relevantAtLeast", "is required: '" + subject.name() + "' has no config max"));
            return new DocumentQueries.Relevance(atLeast, null);
        }
        if (request.relevantAtLeast().isPresent()) {
            throw ApiProblem.invalid("relevantAtLeast", "'" + subject.name() + "' holds labels: use relevantLabel");
        }
        Optional<String> fallback = subject.config().map(config -> config.dataType() == DataType.BOOLEAN
                ? config.trueLabel() : config.categories().getFirst().label());
        String label = request.relevantLabel().or(() -> fallback).orElseThrow(() ->
                ApiProblem.invalid("relevantLabel", "is required: '" + subject.name() + "' has no config"));
        return new DocumentQueries.Relevance(null, label);
    }

    private static List<Retrieval.Group> groups(List<Retrieval.SpanMetrics> spans,
                                                Function<Retrieval.SpanMetrics, String> key) {
        Map<String, List<Retrieval.SpanMetrics>> grouped = new TreeMap<>();
        spans.forEach(span -> grouped.computeIfAbsent(Objects.toString(key.apply(span), ""), ignored -> new ArrayList<>())
                .add(span));
        return grouped.entrySet().stream().map(entry -> new Retrieval.Group(entry.getKey(), metrics(entry.getValue())))
                .toList();
    }

    private static Retrieval.Metrics metrics(List<Retrieval.SpanMetrics> spans) {
        if (spans.isEmpty()) {
            return new Retrieval.Metrics(0, null, 0, 0, 0);
        }
        double ndcg = spans.stream().filter(span -> span.ndcgAtK() != null).mapToDouble(Retrieval.SpanMetrics::ndcgAtK)
                .average().orElse(Double.NaN);
        return new Retrieval.Metrics(spans.size(), Double.isNaN(ndcg) ? null : ndcg,
                spans.stream().mapToDouble(Retrieval.SpanMetrics::precisionAtK).average().orElse(0),
                spans.stream().mapToDouble(Retrieval.SpanMetrics::hitRateAtK).average().orElse(0),
                spans.stream().mapToDouble(Retrieval.SpanMetrics::mrr).average().orElse(0));
    }
}
