package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared test engine has no password, so a configured password is checked here on the class that
 * enforces it; HttpErrorTest covers the 401 answer for a wrong user end to end.
 */
class HttpCredentialsTest {
    private final HttpCredentials withPassword = new HttpCredentials("otel", "s3cret");

    @Test
    void the_right_user_and_password_pass() {
        assertThatCode(() -> withPassword.check("otel", "s3cret")).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"otel, wrong", "otel, ''", "otel, 's3cret '", "default, s3cret", "OTEL, s3cret"})
    void a_wrong_user_or_password_fails_with_code_516_which_answers_401(String user, String password) {
        assertThatThrownBy(() -> withPassword.check(user, password))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(516);
                    assertThat(e.getMessage()).startsWith("Code: 516. DB::Exception: " + user + ": Authentication failed");
                    assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(401);
                })
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void a_user_without_password_accepts_any_password_as_a_server_does() {
        HttpCredentials noPassword = new HttpCredentials("default", "");

        assertThatCode(() -> noPassword.check("default", "null")).doesNotThrowAnyException();
        assertThatThrownBy(() -> noPassword.check("other", "")).isInstanceOf(ClickHouseException.class);
    }
}
