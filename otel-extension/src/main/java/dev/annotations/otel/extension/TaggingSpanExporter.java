package dev.annotations.otel.extension;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tags spans for human review on their way to an exporter the autoconfiguration made (the agent's OTLP exporter):
 * the first rule that matches an ended span decides, as {@link AnnotationSpanProcessor} decides at {@code onEnding}
 * when no exporter can be wrapped; a selected span is handed on with {@code annotation.candidate=true},
 * {@code annotation.queue} and the rule's extra attributes added to its own (replacing any of the same keys).
 *
 * <p>Why here and not in the span processor: a span that has ended is plain immutable data, so its name and
 * attributes are field reads, where each read of a live span takes the span's lock (33–50 ns each on the 2-core
 * benchmark machine, ≈ 4.6 per span for the benchmark's 10 rules); and the work runs on the batch processor's
 * export thread, not on the application's. What changes for the application: only the exporters see the tags, not
 * other span processors; the tags are added after the SDK's attribute count limit is applied.
 *
 * <p>Never throws: a failure is logged once and the spans go on untagged.
 */
final class TaggingSpanExporter implements SpanExporter {
    private static final Logger LOG = Logger.getLogger(TaggingSpanExporter.class.getName());

    private final SpanExporter next;
    private final RuleIndex rules;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    TaggingSpanExporter(SpanExporter next, List<AnnotationRule> rules) {
        this.next = next;
        this.rules = new RuleIndex(rules);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        // most spans are not tagged: the batch goes on as it came unless one is
        List<SpanData> tagged = null;
        int index = 0;
        for (SpanData span : spans) {
            SpanData out = tag(span);
            if (out != span && tagged == null) {
                tagged = new ArrayList<>(spans);
            }
            if (tagged != null) {
                tagged.set(index, out);
            }
            index++;
        }
        return next.export(tagged == null ? spans : tagged);
    }

    private SpanData tag(SpanData span) {
        try {
            if (!rules.canMatch(span.getKind())) {
                return span;
            }
            AnnotationRule rule = rules.decide(span);
            if (rule != null && rule.selects(span.getSpanContext().getTraceId())) {
                return new Tagged(span, rule.actions());
            }
        } catch (RuntimeException e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "otel.annotation: span tagging failed, spans go on untagged (logged once): " + e, e);
            }
        }
        return span;
    }

    @Override
    public CompletableResultCode flush() {
        return next.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return next.shutdown();
    }

    @Override
    public String toString() {
        return "TaggingSpanExporter{rules=" + rules.size() + ", next=" + next + "}";
    }

    /** An ended span with the deciding rule's attributes added. */
    private static final class Tagged extends DelegatingSpanData {
        private final Attributes attributes;
        private final int totalAttributeCount;

        Tagged(SpanData span, Attributes actions) {
            super(span);
            Attributes own = span.getAttributes();
            this.attributes = own.toBuilder().putAll(actions).build();
            // the added keys count as recorded; keys the span had are replaced, not added
            this.totalAttributeCount = span.getTotalAttributeCount() + attributes.size() - own.size();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return totalAttributeCount;
        }
    }
}
