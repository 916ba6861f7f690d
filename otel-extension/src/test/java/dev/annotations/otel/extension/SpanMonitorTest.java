package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SpanMonitorTest {
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("k");

    /** Holding the monitor must hold up another thread's write: then it is the lock the span's own methods take. */
    @Test
    void the_monitor_of_an_sdk_span_is_the_lock_its_own_methods_take() throws InterruptedException {
        try (Spans spans = new Spans(new AnnotationSpanProcessor(List.of(), List.of()))) {
            ReadWriteSpan span = (ReadWriteSpan) spans.tracer().spanBuilder("s").startSpan();
            Object monitor = SpanMonitor.of(span);
            assertThat(monitor).isNotNull().isNotSameAs(span);
            Thread writer = new Thread(() -> span.setAttribute(KEY, "v"));
            synchronized (monitor) {
                writer.start();
                // generous bound: the writer needs only to be scheduled once on a busy machine
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (writer.getState() != Thread.State.BLOCKED && writer.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(writer.getState()).as("the writer waits for the monitor").isEqualTo(Thread.State.BLOCKED);
                assertThat(span.getAttribute(KEY)).as("read by the holder: re-entered").isNull();
            }
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(span.getAttribute(KEY)).isEqualTo("v");
            span.end();
        }
    }

    @Test
    void objects_of_other_classes_have_no_monitor() {
        assertThat(SpanMonitor.of(new Object())).isNull();
        assertThat(SpanMonitor.of(new LockField())).as("a field named lock is not enough: only the SDK's span is known").isNull();
    }

    private static final class LockField {
        @SuppressWarnings("unused")
        private final Object lock = new Object();
    }
}
