package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a request's user and password are read from, in the order and with the exclusions of a server. */
class RequestCredentialsTest {

    @Test
    void each_of_the_three_places_a_server_reads_is_read() {
        assertThat(RequestCredentials.from(headers("X-ClickHouse-User", "h", "X-ClickHouse-Key", "hk"), Map.of()))
                .isEqualTo(new RequestCredentials("h", "hk"));
        assertThat(RequestCredentials.from(headers("Authorization", basic("b:with:colons")), Map.of()))
                .isEqualTo(new RequestCredentials("b", "with:colons"));
        assertThat(RequestCredentials.from(new Headers(), Map.of("user", "u", "password", "p")))
                .isEqualTo(new RequestCredentials("u", "p"));
    }

    @Test
    void a_request_without_credentials_is_the_default_user_with_an_empty_password() {
        assertThat(RequestCredentials.from(new Headers(), Map.of())).isEqualTo(new RequestCredentials("default", ""));
        assertThat(RequestCredentials.from(new Headers(), Map.of("password", "p"))).isEqualTo(new RequestCredentials("default", "p"));
    }

    @Test
    void a_key_header_without_a_user_header_names_no_user_and_fails() {
        assertThatThrownBy(() -> RequestCredentials.from(headers("X-ClickHouse-Key", "k"), Map.of()))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(516))
                .hasMessageContaining("empty user name from X-ClickHouse HTTP headers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            headers and Basic      | X-ClickHouse-User | h | Authorization | Basic aDpw | user |   | X-ClickHouse HTTP headers and Authorization HTTP header
            headers and parameters | X-ClickHouse-User | h | X-ClickHouse-Key | k       | user | u | X-ClickHouse HTTP headers and authentication via parameters
            Basic and parameters   | Authorization | Basic aDpw | X-Other | x            | password | p | Authorization HTTP header and authentication via parameters
            """)
    void two_ways_at_once_are_refused_as_a_server_refuses_them(String name, String header1, String value1,
                                                               String header2, String value2, String parameter,
                                                               String parameterValue, String message) {
        Map<String, String> parameters = new HashMap<>();
        if (parameterValue != null) {
            parameters.put(parameter, parameterValue);
        }

        assertThatThrownBy(() -> RequestCredentials.from(headers(header1, value1, header2, value2), parameters))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(516))
                .hasMessageContaining("it is not allowed to use " + message + " simultaneously");
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @CsvSource({"Bearer abc, 'Bearer' HTTP Authorization scheme is not supported",
            "Basic !!!, not valid Base64",
            "Basic OnBhc3M=, empty user name from Authorization HTTP header",
            "Basic, empty user name from Authorization HTTP header"})
    void a_malformed_authorization_header_fails_authentication_with_code_516(String header, String message) {
        assertThatThrownBy(() -> RequestCredentials.from(headers("Authorization", header), Map.of()))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(516);
                    assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(401);
                })
                .hasMessageContaining(message);
    }

    @Test
    void the_password_stays_out_of_the_text_form() {
        assertThat(new RequestCredentials("u", "s3cret-value")).asString().doesNotContain("s3cret");
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static Headers headers(String... namesAndValues) {
        Headers headers = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
