package dev.annotations.api.score;

import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the view {@code annotation_consensus} (the analytics consensus rule in SQL, migration V010) for given
 * targets: what a dataset item's expected output is taken from.
 */
public final class ConsensusQueries {
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<UUID> CONFIG_ID = Columns.uuid("config_id");
    private static final Field<UUID> QUEUE_ID = Columns.uuid("queue_id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> DATA_TYPE = Columns.string("data_type");
    private static final Field<String> TARGET_TYPE = Columns.string("target_type");
    private static final Field<String> TRACE_ID = Columns.string("trace_id");
    private static final Field<String> SPAN_ID = Columns.string("span_id");
    private static final Field<String> METHOD = Columns.string("method");
    private static final Field<Long> RATINGS = DSL.field("toInt64(ratings)", SQLDataType.BIGINT);
    private static final Field<Long> COUNTED = DSL.field("toInt64(consensus_ratings)", SQLDataType.BIGINT);
    private static final Field<String> LABEL = Columns.string("consensus_label");
    private static final Field<String[]> LABELS = Columns.stringArray("consensus_labels");
    private static final Field<Double> VALUE = Columns.float64("consensus_value");
    private static final Field<Double> MEDIAN = Columns.float64("consensus_median");
    private static final Field<Boolean> TIE = DSL.field("toBool(tie)", SQLDataType.BOOLEAN);
    private static final Field<String[]> TIED = Columns.stringArray("tied_labels");

    private final ClickHouseStorage storage;
    private final Table<Record> consensus;

    public ConsensusQueries(ClickHouseStorage storage) {
        this.storage = storage;
        this.consensus = DSL.table(storage.table("annotation_consensus"));
    }

    /** One unit's consensus: a score name on one target. */
    public record Unit(String traceId, String spanId, String targetType, String name, UUID configId, String dataType,
                       String method, long ratings, long consensusRatings, String label, List<String> labels,
                       Double value, Double median, boolean tie, List<String> tiedLabels) {
    }

    /**
     * The consensus of every score name on each SPAN or TRACE target, over all of the project's human scores
     * ({@code queueId} empty) or over one queue's submissions.
     */
    public List<Unit> forTargets(UUID projectId, Optional<UUID> queueId, Collection<Target> targets) {
        storage.acknowledgedWrites().awaitLoaded();
        if (targets.isEmpty()) {
            return List.of();
        }
        List<Condition> each = new ArrayList<>();
        for (Target target : targets) {
            each.add(target.type() == TargetType.TRACE
                    ? TARGET_TYPE.eq("TRACE").and(TRACE_ID.eq(target.traceId()))
                    : TARGET_TYPE.eq(target.type().name()).and(TRACE_ID.eq(target.traceId())).and(SPAN_ID.eq(target.spanId())));
        }
        Condition scope = queueId.map(QUEUE_ID::eq).orElse(QUEUE_ID.isNull());
        return storage.call(dsl -> dsl.select(TRACE_ID, SPAN_ID, TARGET_TYPE, NAME, CONFIG_ID, DATA_TYPE, METHOD, RATINGS,
                        COUNTED, LABEL, LABELS, VALUE, MEDIAN, TIE, TIED)
                .from(consensus)
                .where(PROJECT_ID.eq(projectId).and(scope).and(DSL.or(each)))
                .orderBy(TRACE_ID, SPAN_ID, NAME)
                .fetch(row -> new Unit(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7(), row.value8(), row.value9(), row.value10(), list(row.value11()), row.value12(),
                        row.value13(), Boolean.TRUE.equals(row.value14()), list(row.value15()))));
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.copyOf(Arrays.asList(values));
    }
}
