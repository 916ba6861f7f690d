package dev.annotations.otel.extension;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.ReadableSpan;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One validated rule: which spans it matches (name, kind, attributes; the service was settled when the rule
 * was built), the share of traces it selects, and the attributes it puts on selected spans. Immutable.
 * The processor tests the kind (through {@link #appliesTo}) and the name once per span shape ({@link RulePlan});
 * the attribute conditions are what is left for each span, because every attribute read takes the span's lock.
 */
final class AnnotationRule {
    private final String name;
    private final Set<SpanKind> kinds;
    private final AttributeCondition[] conditions;
    private final SpanNameMatcher[] names;
    private final TraceIdRatio ratio;
    private final Attributes actions;

    /**
     * @param kinds      empty: any kind
     * @param names      empty: any name; otherwise any one of them must match
     * @param conditions all must hold
     */
    AnnotationRule(String name, Set<SpanKind> kinds, List<SpanNameMatcher> names, List<AttributeCondition> conditions,
                   TraceIdRatio ratio, Attributes actions) {
        this.name = name;
        this.kinds = kinds.isEmpty() ? EnumSet.allOf(SpanKind.class) : EnumSet.copyOf(kinds);
        this.names = names.toArray(new SpanNameMatcher[0]);
        this.conditions = conditions.toArray(new AttributeCondition[0]);
        // all conditions must hold, so test the cheapest first: the fewest typed lookups
        java.util.Arrays.sort(this.conditions, java.util.Comparator.comparingInt(AttributeCondition::lookups));
        this.ratio = ratio;
        this.actions = actions;
    }

    String name() {
        return name;
    }

    double sampleRate() {
        return ratio.rate();
    }

    /** The attributes selected spans get: the candidate flag, the queue, and the rule's extra ones. */
    Attributes actions() {
        return actions;
    }

    boolean appliesTo(SpanKind kind) {
        return kinds.contains(kind);
    }

    boolean needsName() {
        return names.length > 0;
    }

    /** Its attribute conditions, cheapest first; the processor's plans read them. */
    AttributeCondition[] conditions() {
        return conditions;
    }

    /**
     * Whether a span of a kind this rule {@link #appliesTo} matches its name and attribute conditions.
     *
     * @param spanName the span's name; may be null when {@link #needsName()} is false
     */
    boolean matches(ReadableSpan span, String spanName) {
        return nameMatches(spanName) && conditionsHold(span);
    }

    /** Whether every attribute condition holds, each read on its own (the span's lock once per typed key). */
    boolean conditionsHold(ReadableSpan span) {
        for (AttributeCondition condition : conditions) {
            if (!condition.test(span)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name passes (always, for a rule without name patterns; then spanName may be null). */
    boolean nameMatches(String spanName) {
        if (names.length == 0) {
            return true;
        }
        for (SpanNameMatcher matcher : names) {
            if (matcher.matches(spanName)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this rule's sample rate takes the span's trace. */
    boolean selects(String traceId) {
        return ratio.selects(traceId);
    }

    @Override
    public String toString() {
        return "rule '" + name + "'";
    }
}
