package dev.annotations.otel.extension;

import io.opentelemetry.sdk.trace.ReadWriteSpan;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The SDK span's own monitor, so the processor can hold it once around everything it reads and writes of a span.
 *
 * <p>Why: the SDK's {@code SdkSpan} takes its private lock (a plain {@code Object} field {@code lock}) for every
 * {@code getName}, {@code getAttribute} and {@code setAttribute}; the 10 benchmark rules and 2 baggage keys make
 * ≈ 9 such calls per span, each 33–50 ns of CPU, of which entering and leaving the monitor (two atomic operations)
 * is ≈ 13 ns. A thread that already holds a monitor re-enters it without an atomic operation, so with the lock
 * held once per callback the same calls cost ≈ 90 ns less per span ({@code bench/SpanAccessCost}, same run).
 * Holding it is what each of those calls does anyway, once for all of them: the span's behaviour is unchanged, and
 * a concurrent writer waits for the whole decision instead of slipping between two of its reads.
 *
 * <p>The field is private SDK state, so it is looked up once, and used only if {@code SdkSpan} (next to
 * {@link ReadWriteSpan}) has an instance field {@code lock} of type {@code Object}. The getter is a constant method
 * handle, which the JIT compiles to a field load ({@code Field.get} on every span cost what the lock saves). For
 * any other span class, an SDK without that field, a JVM that denies the access, or
 * {@code -Dotel.annotation.span.monitor=false} (an escape hatch; the benchmark's side-by-side "without"),
 * {@link #of} answers null and the processor makes the same calls without it: the same result, slower.
 */
final class SpanMonitor {
    /** The SDK's span class, or null when its lock is not usable. */
    private static final Class<?> SDK_SPAN;
    /** {@code (Object) -> Object}: reads a span's lock field; null when {@link #SDK_SPAN} is. */
    private static final MethodHandle LOCK;

    static {
        Class<?> type = null;
        MethodHandle getter = null;
        if (!"false".equals(System.getProperty("otel.annotation.span.monitor"))) {
            try {
                String name = ReadWriteSpan.class.getName();
                type = Class.forName(name.substring(0, name.lastIndexOf('.') + 1) + "SdkSpan", false,
                        ReadWriteSpan.class.getClassLoader());
                Field field = type.getDeclaredField("lock");
                if (field.getType() == Object.class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    getter = MethodHandles.lookup().unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // RuntimeException: a SecurityException, or InaccessibleObjectException (Java 9+) for an SDK in a named module
                getter = null;
            }
        }
        SDK_SPAN = getter == null ? null : type;
        LOCK = getter;
    }

    private SpanMonitor() {
    }

    /** The object the span's own methods synchronize on, or null when it is not known for this span's class. */
    static Object of(Object span) {
        if (SDK_SPAN == null || span.getClass() != SDK_SPAN) {
            return null;
        }
        try {
            return (Object) LOCK.invokeExact(span);
        } catch (Throwable e) {
            return null;
        }
    }
}
