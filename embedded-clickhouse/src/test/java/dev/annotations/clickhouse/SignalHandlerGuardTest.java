package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard puts back whatever a native call did to the process's signal handlers. */
class SignalHandlerGuardTest {

    @Test
    void handlers_changed_inside_the_guarded_call_are_restored_after_it() {
        // SIGURG and SIGWINCH: signals the JVM does not depend on, so changing them briefly is harmless
        long urgBefore = SignalHandlers.handlerOf(SignalHandlers.SIGURG);
        long winchBefore = SignalHandlers.handlerOf(SignalHandlers.SIGWINCH);
        assertThat(urgBefore).isNotEqualTo(SignalHandlers.IGNORE);

        long seenInside = SignalHandlerGuard.preservingJvmHandlers(() -> {
            SignalHandlers.setHandler(SignalHandlers.SIGURG, SignalHandlers.IGNORE);
            SignalHandlers.setHandler(SignalHandlers.SIGWINCH, SignalHandlers.IGNORE);
            return SignalHandlers.handlerOf(SignalHandlers.SIGURG);
        });

        assertThat(seenInside).isEqualTo(SignalHandlers.IGNORE);
        assertThat(SignalHandlers.handlerOf(SignalHandlers.SIGURG)).isEqualTo(urgBefore);
        assertThat(SignalHandlers.handlerOf(SignalHandlers.SIGWINCH)).isEqualTo(winchBefore);
    }

    @Test
    void handlers_are_restored_when_the_guarded_call_throws() {
        long before = SignalHandlers.handlerOf(SignalHandlers.SIGURG);

        try {
            SignalHandlerGuard.preservingJvmHandlers(() -> {
                SignalHandlers.setHandler(SignalHandlers.SIGURG, SignalHandlers.IGNORE);
                throw new IllegalStateException("native call failed");
            });
        } catch (IllegalStateException expected) {
            // the failure itself is not under test
        }

        assertThat(SignalHandlers.handlerOf(SignalHandlers.SIGURG)).isEqualTo(before);
    }

    @ParameterizedTest(name = "signal {0}")
    @ValueSource(ints = {SignalHandlers.SIGSEGV, SignalHandlers.SIGBUS, SignalHandlers.SIGFPE, SignalHandlers.SIGILL})
    void the_jvm_still_owns_the_crash_signals_after_the_engine_booted_and_opened_another_connection(int signal)
            throws Exception {
        EmbeddedClickHouse clickHouse = SharedEngine.get();
        // a new session opens a new chdb connection (chdb_connect) while the engine runs
        HttpResponse<byte[]> response = ClickHouseHttp.of(clickHouse).get(
                "session_id", UUID.randomUUID().toString(), "query", "SELECT 1");
        assertThat(ClickHouseHttp.text(response)).isEqualTo("1\n");

        assertThat(SignalHandlers.libraryOf(SignalHandlers.handlerOf(signal))).endsWith("/libjvm.so");
    }
}
