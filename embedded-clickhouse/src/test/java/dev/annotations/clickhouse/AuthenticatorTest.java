package dev.annotations.clickhouse;

import dev.annotations.clickhouse.EmbeddedClickHouse.Access;
import dev.annotations.clickhouse.EmbeddedClickHouse.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A port's accounts: the right user and password pass, anything else is ClickHouse's 516 (answered 401). */
class AuthenticatorTest {
    private final Account writer = new Account("otel", "s3cret-writer", Access.READ_WRITE);
    private final Account reader = new Account("grafana", "s3cret-reader", Access.READ_ONLY);
    private final Authenticator authenticator = new Authenticator(List.of(writer, reader));

    @Test
    void each_account_is_found_by_its_user_and_password() {
        assertThat(authenticator.authenticate(new RequestCredentials("otel", "s3cret-writer"))).isEqualTo(writer);
        assertThat(authenticator.authenticate(new RequestCredentials("grafana", "s3cret-reader"))).isEqualTo(reader);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"otel, wrong", "otel, ''", "otel, 's3cret-writer '", "otel, s3cret-reader", "grafana, s3cret-writer",
            "default, ''", "default, null", "OTEL, s3cret-writer", "nobody, s3cret-writer"})
    void a_wrong_user_or_password_or_none_fails_with_code_516_which_answers_401(String user, String password) {
        assertThatThrownBy(() -> authenticator.authenticate(new RequestCredentials(user, password)))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(516);
                    assertThat(e.getMessage()).startsWith("Code: 516. DB::Exception: " + user + ": Authentication failed");
                    assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(401);
                })
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void an_account_needs_a_password_and_a_user_name_basic_authentication_can_carry() {
        assertThatThrownBy(() -> new Account("otel", "", Access.READ_WRITE)).hasMessageContaining("needs a password");
        assertThatThrownBy(() -> new Account("", "p", Access.READ_WRITE)).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new Account("a:b", "p", Access.READ_WRITE)).hasMessageContaining("':'");
        assertThat(writer.toString()).doesNotContain("s3cret");
    }
}
