package dev.annotations.api.trace;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which spans of {@code otel_traces} to select, by every criterion AND-ed: spans that started in
 * [{@code from}, {@code to}); of {@code service}; named {@code name}; of {@code kind}; with {@code status};
 * whose span attributes hold every {@code attributes} entry exactly and every {@code hasAttributes} key;
 * marked for annotation or not ({@code candidate}: attribute {@code annotation.candidate} = {@code true}); for
 * annotation queue {@code queue} (attribute {@code annotation.queue}); with a live score of each
 * {@code hasScore} name and of no {@code lacksScore} name in the caller's project, on the span (SPAN or
 * DOCUMENT target) or on its trace (TRACE target); in trace {@code traceId}.
 *
 * <p>Build one with {@link #fromQuery} (query parameters of {@code GET /api/v1/spans}) or {@link #fromJson}
 * (a JSON object with this record's field names); both validate the same way and answer 400 naming each
 * bad field. {@link TraceRepository} renders it as SQL with every value bound, never concatenated.
 */
public record SpanFilter(
        Instant from,
        Instant to,
        Optional<String> service,
        Optional<String> name,
        Optional<SpanKind> kind,
        Optional<SpanStatus> status,
        Map<String, String> attributes,
        List<String> hasAttributes,
        Optional<Boolean> candidate,
        Optional<String> queue,
        List<String> hasScore,
        List<String> lacksScore,
        Optional<String> traceId) {

    /** The window when neither {@code from} nor {@code to} is given: the last hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Widest window: a search scans at most this much of otel_traces (its partitions are days). */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    /** Most entries in each list criterion (attributes, hasAttributes, hasScore, lacksScore). */
    public static final int MAX_LIST_SIZE = 20;
    /** Longest attribute key: 1..256 of {@code [A-Za-z0-9_.:/@-]}. */
    public static final int MAX_KEY_LENGTH = 256;
    /** Longest value of any text criterion. */
    public static final int MAX_VALUE_LENGTH = 4_096;
    /** The span attributes the OpenTelemetry extension sets on spans it selects for annotation. */
    public static final String CANDIDATE_ATTRIBUTE = "annotation.candidate";
    public static final String QUEUE_ATTRIBUTE = "annotation.queue";

    public SpanFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        hasAttributes = List.copyOf(hasAttributes);
        hasScore = List.copyOf(hasScore);
        lacksScore = List.copyOf(lacksScore);
    }

    /**
     * From query parameters (name → values, as the HTTP layer hands them over): {@code from}, {@code to},
     * {@code service}, {@code name}, {@code kind}, {@code status}, {@code traceId}, {@code queue},
     * {@code candidate=true|false}, and the repeatable {@code attr=<key>=<value>}, {@code hasAttr=<key>},
     * {@code hasScore=<name>}, {@code lacksScore=<name>}. Other parameters (such as {@code limit} and
     * {@code cursor}) are left to the caller.
     *
     * @throws dev.annotations.api.http.ApiProblem 400 naming every invalid parameter
     */
    public static SpanFilter fromQuery(Map<String, List<String>> query, Clock clock) {
        return SpanFilterParser.fromQuery(query, clock);
    }

    /**
     * From a JSON object with this record's field names, e.g. {@code {"service": "chat", "attributes":
     * {"gen_ai.request.model": "gpt-4o"}, "hasAttributes": ["user.id"], "candidate": true, "lacksScore":
     * ["helpfulness"]}}; every field is optional and unknown fields are refused. A missing or null
     * {@code json} means no criteria: the last hour.
     *
     * @param fieldPrefix put before field names in errors, such as {@code "filter."}
     * @throws dev.annotations.api.http.ApiProblem 400 naming every invalid field
     */
    public static SpanFilter fromJson(JsonNode json, String fieldPrefix, Clock clock) {
        return SpanFilterParser.fromJson(json, fieldPrefix, clock);
    }
}
