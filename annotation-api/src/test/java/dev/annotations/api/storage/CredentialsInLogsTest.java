package dev.annotations.api.storage;

import dev.annotations.api.TestService;
import dev.annotations.api.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ClickHouse URL with credentials in it, against a ClickHouse that is not there: everything the service
 * logs (captured from java.util.logging, stack traces included) and every exception message it builds
 * is free of the passwords.
 */
class CredentialsInLogsTest {
    private static final String USER_INFO_SECRET = "userinfo-s3cret";
    private static final String QUERY_SECRET = "query-s3cret";
    private static final String ENV_SECRET = "env-s3cret";
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void passwords_in_the_clickhouse_url_never_reach_a_log_line_or_an_exception_message() throws IOException {
        AppConfig config = TestService.config(TestService.freshDatabase(), "jdbc:ch://writer:" + USER_INFO_SECRET
                + "@127.0.0.1:" + closedPort() + "/default?password=" + QUERY_SECRET + "&compress=false",
                Map.of("CLICKHOUSE_PASSWORD", ENV_SECRET));
        Logger.getLogger("dev.annotations.api.Main").info("starting with " + config);

        try (ClickHouseStorage storage = ClickHouseStorage.open(config)) {
            assertThatThrownBy(() -> storage.call(dsl -> dsl.fetchValue("SELECT 1")))
                    .isInstanceOf(StorageUnavailableException.class)
                    .satisfies(failure -> {
                        // logged as the error mapper logs it: message and stack trace
                        Logger.getLogger(CredentialsInLogsTest.class.getName()).log(Level.WARNING, "ClickHouse unavailable", failure);
                        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                            assertThat(String.valueOf(cause.getMessage())).doesNotContain(USER_INFO_SECRET, QUERY_SECRET, ENV_SECRET);
                        }
                    });
            assertThatThrownBy(() -> storage.executeStatement("SELECT 1")).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageNotContaining(USER_INFO_SECRET).hasMessageNotContaining(QUERY_SECRET);
        }

        assertThat(lines).as("the start line and the failure were logged").hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", lines)).contains("writer:***@").doesNotContain(USER_INFO_SECRET, QUERY_SECRET, ENV_SECRET);
    }
}
