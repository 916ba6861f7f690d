package dev.annotations.api.collector;

import dev.annotations.api.storage.ClickHouseStorage;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The only writer of the Collector's tables ({@code otel_traces}, {@code otel_logs}), in the rows its
 * ClickHouse exporter writes. It also knows what generation of those tables this database has: only
 * {@code otel_logs} differs in a way writers must know (exporters before v0.151.0 created it with
 * {@code TimestampTime}, and only newer ones have {@code EventName}). That answer is re-read every
 * {@link #TTL}, so a table a Collector recreates is noticed.
 */
public final class CollectorRepository {
    static final Duration TTL = Duration.ofSeconds(10);

    /** Which optional columns {@code otel_logs} has. */
    public record LogColumns(boolean timestampTime, boolean eventName) {
    }

    private record Known(LogColumns columns, Instant readAt) {
    }

    private final ClickHouseStorage storage;
    private final Clock clock;
    private volatile Known known;

    public CollectorRepository(ClickHouseStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Stores spans in one INSERT; returns once ClickHouse has them. */
    public void insertSpans(Collection<SpanRow> spans) {
        if (!spans.isEmpty()) {
            storage.insertJsonEachRow(storage.collectorTables().traces(), CollectorRows.spans(spans));
        }
    }

    /** Stores log records in one INSERT, in the columns this database's {@code otel_logs} has. */
    public void insertLogs(Collection<LogRow> logs) {
        if (!logs.isEmpty()) {
            storage.insertJsonEachRow(storage.collectorTables().logs(), CollectorRows.logs(logs, logColumns()));
        }
    }

    public LogColumns logColumns() {
        Known current = known;
        Instant now = clock.instant();
        if (current == null || current.readAt().plus(TTL).isBefore(now)) {
            Set<String> names = storage.call(dsl -> Set.copyOf(dsl.select(DSL.field(DSL.name("name"), String.class))
                    .from(DSL.table(DSL.name("system", "columns")))
                    .where(DSL.field(DSL.name("database")).eq(storage.database()))
                    .and(DSL.field(DSL.name("table")).eq(storage.collectorTables().logs()))
                    .fetch(0, String.class)));
            current = new Known(new LogColumns(names.contains("TimestampTime"), names.contains("EventName")), now);
            known = current;
        }
        return current.columns();
    }
}
