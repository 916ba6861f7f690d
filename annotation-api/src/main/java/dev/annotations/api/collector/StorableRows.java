package dev.annotations.api.collector;

import dev.annotations.api.storage.Storable;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a mapped row can be stored at all: a value ClickHouse would refuse fails the whole INSERT, so
 * such a span or log record is refused on its own (and counted in {@code partial_success}) instead.
 */
final class StorableRows {
    private StorableRows() {
    }

    /** Why the span cannot be stored, or null. */
    static String problem(SpanRow row) {
        if (row.startNanos() < 0 || row.startNanos() + row.durationNanos() < 0 || row.durationNanos() < 0) {
            return "start_time_unix_nano and end_time_unix_nano must be before 2262-04-11T23:47:16.854775807Z";
        }
        for (SpanRow.Event event : row.events()) {
            if (event.timestampNanos() < 0) {
                return "event '" + event.name() + "': time_unix_nano must be before 2262-04-11T23:47:16.854775807Z";
            }
        }
        Optional<String> text = firstTextProblem(row.traceState(), row.spanName(), row.serviceName(), row.scopeName(),
                row.scopeVersion(), row.statusMessage())
                .or(() -> mapProblem(row.resourceAttributes()))
                .or(() -> mapProblem(row.spanAttributes()));
        for (SpanRow.Event event : row.events()) {
            text = text.or(() -> firstTextProblem(event.name())).or(() -> mapProblem(event.attributes()));
        }
        for (SpanRow.Link link : row.links()) {
            text = text.or(() -> firstTextProblem(link.traceState())).or(() -> mapProblem(link.attributes()));
        }
        return text.map(problem -> "a text " + problem).orElse(null);
    }

    /** Why the log record cannot be stored, or null. */
    static String problem(LogRow row) {
        if (row.timestampNanos() < 0) {
            return "time_unix_nano must be before 2262-04-11T23:47:16.854775807Z";
        }
        return firstTextProblem(row.severityText(), row.serviceName(), row.body(), row.resourceSchemaUrl(),
                row.scopeSchemaUrl(), row.scopeName(), row.scopeVersion(), row.eventName())
                .or(() -> mapProblem(row.resourceAttributes()))
                .or(() -> mapProblem(row.scopeAttributes()))
                .or(() -> mapProblem(row.logAttributes()))
                .map(problem -> "a text " + problem).orElse(null);
    }

    private static Optional<String> firstTextProblem(String... texts) {
        for (String text : texts) {
            Optional<String> problem = Storable.textProblem(text);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mapProblem(Map<String, String> entries) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            Optional<String> problem = firstTextProblem(entry.getKey(), entry.getValue());
            if (problem.isPresent()) {
                return problem.map(text -> "(attribute '" + entry.getKey() + "') " + text);
            }
        }
        return Optional.empty();
    }
}
