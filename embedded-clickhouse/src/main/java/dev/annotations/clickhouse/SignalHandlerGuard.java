package dev.annotations.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Keeps the JVM's signal handlers in place around a call into chDB.
 *
 * <p>{@code chdb_connect} installs ClickHouse's own handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and
 * others. HotSpot relies on its SIGSEGV handler for implicit null checks and safepoint polls, so with
 * chDB's handler in place the JVM dies on the first implicit NullPointerException. This guard saves
 * every signal's {@code sigaction} before the call and restores them right after it.
 */
final class SignalHandlerGuard {
    /** {@code sizeof(struct sigaction)} on x86_64 glibc, rounded up generously. */
    private static final long SIGACTION_SIZE = 256;
    /** Signals 1..64 on Linux; SIGKILL and SIGSTOP cannot be changed and are skipped. */
    private static final int MAX_SIGNAL = 64;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;

    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private SignalHandlerGuard() {
    }

    static <T> T preservingJvmHandlers(Supplier<T> call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] saved = new MemorySegment[MAX_SIGNAL + 1];
            for (int signal = 1; signal <= MAX_SIGNAL; signal++) {
                if (signal == SIGKILL || signal == SIGSTOP) {
                    continue;
                }
                MemorySegment old = arena.allocate(SIGACTION_SIZE);
                if (sigaction(signal, MemorySegment.NULL, old) == 0) {
                    saved[signal] = old;
                }
            }
            try {
                return call.get();
            } finally {
                for (int signal = 1; signal <= MAX_SIGNAL; signal++) {
                    if (saved[signal] != null) {
                        sigaction(signal, saved[signal], MemorySegment.NULL);
                    }
                }
            }
        }
    }

    private static int sigaction(int signal, MemorySegment action, MemorySegment old) {
        try {
            return (int) SIGACTION.invokeExact(signal, action, old);
        } catch (Throwable e) {
            throw new IllegalStateException("sigaction(" + signal + ") failed", e);
        }
    }
}
