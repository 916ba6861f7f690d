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
 * Tags spans for human review and copies baggage onto them.
 *
 * <ul>
 *   <li>On start, configured baggage entries (by default {@code session.id}, {@code user.id}) become span
 *       attributes, unless the span already has that attribute: baggage is only readable from the parent
 *       context, which exists only here.</li>
 *   <li>While the span ends ({@code onEnding}, when it is still writable and has its final name and every
 *       attribute, e.g. an HTTP server span renamed to its route), the first rule that matches decides: when
 *       its rate selects the trace, the span gets {@code annotation.candidate=true}, {@code annotation.queue}
 *       and the rule's extra attributes. Later rules are not consulted.</li>
 * </ul>
 *
 * <p>The span path never throws and never blocks: a failure is logged once and the span goes on unchanged.
 * {@code onEnding} is the SDK's experimental {@link ExtendedSpanProcessor} hook (SDK 1.42+, bundled by the
 * agent from 2.8); on an SDK without it the customizer logs that and registers nothing.
 */
final class AnnotationSpanProcessor implements ExtendedSpanProcessor {
    private static final Logger LOG = Logger.getLogger(AnnotationSpanProcessor.class.getName());

    private final int ruleCount;
    /** The rules that apply to each span kind (by ordinal), in their configured order. */
    private final AnnotationRule[][] rulesByKind;
    private final String[] baggageNames;
    private final AttributeKey<String>[] baggageKeys;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    @SuppressWarnings("unchecked")
    AnnotationSpanProcessor(List<AnnotationRule> rules, List<String> baggageKeys) {
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
        return "AnnotationSpanProcessor{rules=" + ruleCount + ", baggageKeys=" + String.join(",", baggageNames) + "}";
    }
}
