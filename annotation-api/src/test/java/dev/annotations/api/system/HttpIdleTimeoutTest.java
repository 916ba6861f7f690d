package dev.annotations.api.system;

import dev.annotations.api.AnnotationService;
import dev.annotations.api.TestService;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API port closes connections that stay silent longer than ANNOTATION_HTTP_IDLE_TIMEOUT_MS. */
class HttpIdleTimeoutTest {
    /** Far below Jetty's own default (30 s), far above the configured 1 s even on a loaded machine. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(20);

    @Test
    void a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() throws Exception {
        try (AnnotationService service = AnnotationService.start(TestService.config(TestService.freshDatabase(),
                        dev.annotations.api.SharedClickHouse.engine().jdbcUrl("default"),
                        Map.of("ANNOTATION_HTTP_IDLE_TIMEOUT_MS", "1000")), Clock.systemUTC(), key -> { });
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            silent.setSoTimeout(Math.toIntExact(CLOSED_WITHIN.toMillis()));
            InputStream in = silent.getInputStream();

            int read = in.read();

            assertThat(read).as("end of stream: the service closed the connection").isEqualTo(-1);
        }
    }
}
