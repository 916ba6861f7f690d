package dev.annotations.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Reads and sets this process's signal dispositions through libc's {@code sigaction}, for the tests. */
final class SignalHandlers {
    static final int SIGILL = 4;
    static final int SIGBUS = 7;
    static final int SIGFPE = 8;
    static final int SIGSEGV = 11;
    static final int SIGURG = 23;
    static final int SIGWINCH = 28;
    /** {@code SIG_IGN}: the signal is ignored. */
    static final long IGNORE = 1;

    private static final long SIGACTION_SIZE = 256;
    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private static final MethodHandle DLADDR = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("dladdr").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    /** {@code sizeof(Dl_info)}: four pointers. */
    private static final long DL_INFO_SIZE = 4 * ADDRESS.byteSize();

    private SignalHandlers() {
    }

    /** The file of the shared object that holds {@code address} (e.g. {@code .../libjvm.so}), or "" if none. */
    static String libraryOf(long address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(DL_INFO_SIZE);
            int found = (int) DLADDR.invokeExact(MemorySegment.ofAddress(address), info);
            MemorySegment fileName = info.get(ADDRESS, 0);
            if (found == 0 || fileName.equals(MemorySegment.NULL)) {
                return "";
            }
            return fileName.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The handler address of {@code signal} ({@code sa_handler}, the first field on x86_64 glibc). */
    static long handlerOf(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment current = arena.allocate(SIGACTION_SIZE);
            call(signal, MemorySegment.NULL, current);
            return current.get(JAVA_LONG, 0);
        }
    }

    /** Sets {@code signal}'s handler to {@code handler} (e.g. {@link #IGNORE}), keeping its flags and mask. */
    static void setHandler(int signal, long handler) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment action = arena.allocate(SIGACTION_SIZE);
            call(signal, MemorySegment.NULL, action);
            action.set(JAVA_LONG, 0, handler);
            call(signal, action, MemorySegment.NULL);
        }
    }

    private static void call(int signal, MemorySegment action, MemorySegment old) {
        try {
            int result = (int) SIGACTION.invokeExact(signal, action, old);
            if (result != 0) {
                throw new IllegalStateException("sigaction(" + signal + ") returned " + result);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
