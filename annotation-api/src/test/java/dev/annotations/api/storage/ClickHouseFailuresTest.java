package dev.annotations.api.storage;

import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseFailuresTest {
    @ParameterizedTest(name = "code {0} can pass: {1}")
    @CsvSource({"159, true", "241, true", "999, true", "62, false", "516, false", "497, false", "701, false"})
    void a_server_answer_can_pass_only_for_the_codes_of_a_passing_state(int code, boolean transientCode) {
        StorageUnavailableException failure = new StorageUnavailableException("failed",
                new SQLException("Code: " + code, "HY000", code));

        assertThat(ClickHouseFailures.isTransient(failure)).isEqualTo(transientCode);
        assertThat(ClickHouseFailures.refused(failure)).isTrue();
    }

    @Test
    void no_answer_at_all_can_pass() {
        assertThat(ClickHouseFailures.isTransient(new StorageUnavailableException("x", new ConnectException("refused"))))
                .isTrue();
        assertThat(ClickHouseFailures.isTransient(new StorageUnavailableException("x", new SocketTimeoutException("read"))))
                .isTrue();
    }

    @Test
    void a_refused_connection_or_the_pools_wait_never_reached_clickhouse_but_a_timeout_may_have() {
        assertThat(ClickHouseFailures.neverSent(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        assertThat(ClickHouseFailures.neverSent(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(ClickHouseFailures.neverSent(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isFalse();
        assertThat(ClickHouseFailures.neverSent(new ServerException(241, "Memory limit", 500, "q"))).isFalse();
    }

    @Test
    void reasons_are_one_short_line() {
        assertThat(ClickHouseFailures.reason(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(ClickHouseFailures.reason(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo("no answer within the socket timeout");
        assertThat(ClickHouseFailures.reason(new RuntimeException("wrapper",
                new ServerException(62, "Code: 62. DB::Exception: Syntax error\nat line 2", 400, "q"))))
                .isEqualTo("Code: 62. DB::Exception: Syntax error");
    }

    @Test
    void urls_lose_their_credentials() {
        assertThat(ClickHouseFailures.reason(new RuntimeException("cannot reach jdbc:ch://writer:s3cret@db:8123/otel?user=w&password=s3cret")))
                .isEqualTo("cannot reach jdbc:ch://writer:***@db:8123/otel?user=w&password=***");
        assertThat(ClickHouseFailures.reason(new RuntimeException("Authentication failed (password=s3cret, api_key=k3y)")))
                .isEqualTo("Authentication failed (password=***, api_key=***)");
        assertThat(ClickHouseStorage.endpointOf("jdbc:clickhouse:http://writer:s3cret@db:8123/otel?password=s3cret"))
                .isEqualTo("jdbc:clickhouse:http://writer:***@db:8123/otel");
    }
}
