package dev.annotations.otel.extension;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

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
 *       and the rule's extra attributes. Later rules are not consulted. Which rules can match a span of a
 *       given kind and name is worked out once per name ({@link RuleIndex}); a span pays for the attribute
 *       reads its remaining rules need, each typed attribute read at most once, and a span of a kind no rule
 *       applies to for nothing but its kind.</li>
 * </ul>
 *
 * <p>It may wrap the span processor the autoconfiguration made for the exporters ({@link #wrapping}): then the
 * SDK has a single processor to call instead of a {@code MultiSpanProcessor} looping over two, which is most
 * of what any extra processor costs a span. The wrapped processor is called after this one's work, for every
 * callback it asks for, so it sees the spans exactly as when this one ran first among processors.
 *
 * <p>Each callback holds the SDK span's own lock once around all its reads and writes ({@link SpanMonitor}),
 * so the span's methods re-enter it instead of each taking it.
 *
 * <p>The span path never throws and never blocks: a failure is logged once and the span goes on unchanged.
 * {@code onEnding} is the SDK's experimental {@link ExtendedSpanProcessor} hook (SDK 1.42+, bundled by the
 * agent from 2.8); on an SDK without it the customizer logs that and registers nothing.
 */
final class AnnotationSpanProcessor implements ExtendedSpanProcessor {
    private static final Logger LOG = Logger.getLogger(AnnotationSpanProcessor.class.getName());

    private final List<AnnotationRule> ruleList;
    private final RuleIndex rules;
    private final String[] baggageNames;
    private final AttributeKey<String>[] baggageKeys;
    /** The exporters' processor this one wraps, or null when registered on its own. */
    private final SpanProcessor next;
    private final boolean nextStart;
    private final ExtendedSpanProcessor nextEnding;
    private final boolean nextEnd;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    AnnotationSpanProcessor(List<AnnotationRule> rules, List<String> baggageKeys) {
        this(rules, baggageKeys, null);
    }

    @SuppressWarnings("unchecked")
    private AnnotationSpanProcessor(List<AnnotationRule> rules, List<String> baggageKeys, SpanProcessor next) {
        this.ruleList = rules;
        this.rules = new RuleIndex(rules);
        this.baggageNames = baggageKeys.toArray(new String[0]);
        this.baggageKeys = new AttributeKey[baggageNames.length];
        for (int i = 0; i < baggageNames.length; i++) {
            this.baggageKeys[i] = AttributeKey.stringKey(baggageNames[i]);
        }
        this.next = next;
        // asked once, as the SDK's MultiSpanProcessor does
        this.nextStart = next != null && next.isStartRequired();
        this.nextEnding = next instanceof ExtendedSpanProcessor && ((ExtendedSpanProcessor) next).isOnEndingRequired()
                ? (ExtendedSpanProcessor) next : null;
        this.nextEnd = next != null && next.isEndRequired();
    }

    /** The same processor in front of {@code next}, which gets every callback it asks for after this one's work. */
    AnnotationSpanProcessor wrapping(SpanProcessor next) {
        return new AnnotationSpanProcessor(ruleList, java.util.Arrays.asList(baggageNames), next);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (baggageNames.length > 0) {
            copyBaggage(parentContext, span);
        }
        if (nextStart) {
            next.onStart(parentContext, span);
        }
    }

    private void copyBaggage(Context parentContext, ReadWriteSpan span) {
        try {
            Baggage baggage = Baggage.fromContext(parentContext);
            if (baggage.isEmpty()) {
                return;
            }
            // one lock for the reads and writes instead of one each (see SpanMonitor)
            Object monitor = SpanMonitor.of(span);
            if (monitor == null) {
                copyBaggage(baggage, span);
            } else {
                synchronized (monitor) {
                    copyBaggage(baggage, span);
                }
            }
        } catch (RuntimeException e) {
            logFirstFailure(e);
        }
    }

    private void copyBaggage(Baggage baggage, ReadWriteSpan span) {
        for (int i = 0; i < baggageNames.length; i++) {
            String value = baggage.getEntryValue(baggageNames[i]);
            if (value != null && span.getAttribute(baggageKeys[i]) == null) {
                span.setAttribute(baggageKeys[i], value);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return baggageNames.length > 0 || nextStart;
    }

    @Override
    public void onEnding(ReadWriteSpan span) {
        if (!rules.isEmpty()) {
            tag(span);
        }
        if (nextEnding != null) {
            nextEnding.onEnding(span);
        }
    }

    private void tag(ReadWriteSpan span) {
        try {
            if (!rules.canMatch(span.getKind())) {
                return;
            }
            // one lock for the decision's reads (name, attributes) and the tags' writes instead of one each (see SpanMonitor)
            Object monitor = SpanMonitor.of(span);
            if (monitor == null) {
                decideAndTag(span);
            } else {
                synchronized (monitor) {
                    decideAndTag(span);
                }
            }
        } catch (RuntimeException e) {
            logFirstFailure(e);
        }
    }

    private void decideAndTag(ReadWriteSpan span) {
        AnnotationRule rule = rules.decide(span);
        if (rule != null && rule.selects(span.getSpanContext().getTraceId())) {
            span.setAllAttributes(rule.actions());
        }
    }

    @Override
    public boolean isOnEndingRequired() {
        return !rules.isEmpty() || nextEnding != null;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (nextEnd) {
            next.onEnd(span);
        }
    }

    @Override
    public boolean isEndRequired() {
        return nextEnd;
    }

    @Override
    public CompletableResultCode shutdown() {
        return next == null ? CompletableResultCode.ofSuccess() : next.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return next == null ? CompletableResultCode.ofSuccess() : next.forceFlush();
    }

    /** One line for the first failure: a broken rule must not flood the host application's log. */
    private void logFirstFailure(RuntimeException e) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "otel.annotation: span processing failed, spans go on untagged (logged once): " + e, e);
        }
    }

    @Override
    public String toString() {
        return "AnnotationSpanProcessor{rules=" + rules.size() + ", baggageKeys=" + String.join(",", baggageNames)
                + (next == null ? "" : ", next=" + next) + "}";
    }
}
