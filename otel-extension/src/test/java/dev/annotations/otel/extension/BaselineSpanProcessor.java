package dev.annotations.otel.extension;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The annotation processor as shipped before issue #15's work on its cost (rules by kind, name read once,
 * each rule tested in turn, registered on its own with {@code addSpanProcessorFirst}), kept only so that
 * {@code ./bench extension} measures before and after side by side in one run. Not used by the extension.
 */
public final class BaselineSpanProcessor implements ExtendedSpanProcessor {
    private static final Logger LOG = Logger.getLogger(BaselineSpanProcessor.class.getName());

    private final int ruleCount;
    /** The rules that apply to each span kind (by ordinal), in their configured order. */
    private final AnnotationRule[][] rulesByKind;
    private final String[] baggageNames;
    private final AttributeKey<String>[] baggageKeys;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    @SuppressWarnings("unchecked")
    private BaselineSpanProcessor(List<AnnotationRule> rules, List<String> baggageKeys) {
        this.ruleCount = rules.size();
        this.rulesByKind = new AnnotationRule[SpanKind.values().length][];
        for (SpanKind kind : SpanKind.values()) {
            List<AnnotationRule> applicable = new ArrayList<>();
            for (AnnotationRule rule : rules) {
                if (rule.appliesTo(kind)) {
                    applicable.add(rule);
                }
            }
            rulesByKind[kind.ordinal()] = applicable.toArray(new AnnotationRule[0]);
        }
        this.baggageNames = baggageKeys.toArray(new String[0]);
        this.baggageKeys = new AttributeKey[baggageNames.length];
        for (int i = 0; i < baggageNames.length; i++) {
            this.baggageKeys[i] = AttributeKey.stringKey(baggageNames[i]);
        }
    }

    /** The rules of a rules document (YAML or JSON), for service {@code service}, as the extension parses them. */
    public static BaselineSpanProcessor create(String rules, String service, List<String> baggageKeys) {
        List<AnnotationRule> parsed = new RuleSource(problem -> {
            throw new IllegalArgumentException(problem);
        }).inline(rules, "benchmark").map(tree -> new RuleParser(service, problem -> {
            throw new IllegalArgumentException(problem);
        }).parse(tree, "benchmark")).orElseThrow(IllegalArgumentException::new);
        return new BaselineSpanProcessor(parsed, baggageKeys);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        try {
            Baggage baggage = Baggage.fromContext(parentContext);
            if (baggage.isEmpty()) {
                return;
            }
            for (int i = 0; i < baggageNames.length; i++) {
                String value = baggage.getEntryValue(baggageNames[i]);
                if (value != null && span.getAttribute(baggageKeys[i]) == null) {
                    span.setAttribute(baggageKeys[i], value);
                }
            }
        } catch (RuntimeException e) {
            logFirstFailure(e);
        }
    }

    @Override
    public boolean isStartRequired() {
        return baggageNames.length > 0;
    }

    @Override
    public void onEnding(ReadWriteSpan span) {
        try {
            String name = null;
            for (AnnotationRule rule : rulesByKind[span.getKind().ordinal()]) {
                if (name == null && rule.needsName()) {
                    name = span.getName();
                }
                if (rule.matches(span, name)) {
                    if (rule.selects(span.getSpanContext().getTraceId())) {
                        span.setAllAttributes(rule.actions());
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            logFirstFailure(e);
        }
    }

    @Override
    public boolean isOnEndingRequired() {
        return ruleCount > 0;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** One line for the first failure: a broken rule must not flood the host application's log. */
    private void logFirstFailure(RuntimeException e) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "otel.annotation: span processing failed, spans go on untagged (logged once): " + e, e);
        }
    }

    @Override
    public String toString() {
        return "BaselineSpanProcessor{rules=" + ruleCount + ", baggageKeys=" + String.join(",", baggageNames) + "}";
    }
}
