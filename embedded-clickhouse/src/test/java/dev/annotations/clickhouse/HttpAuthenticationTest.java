package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.params;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every port asks for credentials, as a ClickHouse server whose users all have passwords: none or wrong
 * ones answer 401 with code 516. The private port knows only the engine's own account, the published port
 * only its configured ones, and a password never shows in an answer.
 */
class HttpAuthenticationTest {
    private static EmbeddedClickHouse engine;
    private static ClickHouseHttp anonymousPrivate;
    private static ClickHouseHttp anonymousPublished;

    @BeforeAll
    static void start() {
        engine = SharedEngine.get();
        EmbeddedClickHouse.Account nobody = new EmbeddedClickHouse.Account("default", "not-the-password",
                EmbeddedClickHouse.Access.READ_WRITE);
        anonymousPrivate = new ClickHouseHttp(engine.httpUrl(), nobody);
        anonymousPublished = new ClickHouseHttp(engine.publishedUrl().orElseThrow(), nobody);
    }

    @Test
    void a_query_without_credentials_answers_401_with_code_516_on_both_ports() {
        for (ClickHouseHttp port : new ClickHouseHttp[] {anonymousPrivate, anonymousPublished}) {
            HttpResponse<byte[]> response = port.send(HttpRequest.newBuilder(port.uri("/", params("query", "SELECT 1")))
                    .header("X-ClickHouse-User", "default"));

            assertRefused(response);
        }
    }

    @Test
    void a_wrong_password_answers_401_and_never_repeats_it() {
        HttpResponse<byte[]> response = anonymousPrivate.get("query", "SELECT 1");

        assertRefused(response);
        assertThat(text(response)).doesNotContain("not-the-password").doesNotContain(engine.credentials().password());
    }

    @Test
    void the_engine_account_is_accepted_by_basic_authentication_headers_and_url_parameters() {
        ClickHouseHttp http = ClickHouseHttp.of(engine);
        EmbeddedClickHouse.Account account = engine.credentials();

        assertThat(http.query("SELECT 1")).isEqualTo("1\n");
        assertThat(text(http.send(HttpRequest.newBuilder(http.uri("/", params("query", "SELECT 2")))
                .header("X-ClickHouse-User", account.user()).header("X-ClickHouse-Key", account.password()))))
                .isEqualTo("2\n");
        assertThat(text(http.get("query", "SELECT 3", "user", account.user(), "password", account.password())))
                .isEqualTo("3\n");
    }

    @Test
    void each_port_accepts_only_its_own_accounts() {
        ClickHouseHttp publishedWithEngineAccount = new ClickHouseHttp(engine.publishedUrl().orElseThrow(),
                engine.credentials());
        ClickHouseHttp privateWithPublishedAccount = new ClickHouseHttp(engine.httpUrl(), SharedEngine.PUBLISHER);

        assertRefused(publishedWithEngineAccount.get("query", "SELECT 1"));
        assertRefused(privateWithPublishedAccount.get("query", "SELECT 1"));
        assertThat(SharedEngine.published(SharedEngine.PUBLISHER).query("SELECT 1")).isEqualTo("1\n");
        assertThat(SharedEngine.published(SharedEngine.GRAFANA).query("SELECT 1")).isEqualTo("1\n");
    }

    @Test
    void the_engine_password_is_long_and_random() {
        assertThat(engine.credentials().password()).hasSize(64).matches("[0-9a-f]+");
        assertThat(engine.credentials().toString()).doesNotContain(engine.credentials().password());
    }

    @Test
    void liveness_checks_need_no_credentials_as_on_a_server() {
        assertThat(anonymousPrivate.send(HttpRequest.newBuilder(anonymousPrivate.uri("/ping", params()))).statusCode())
                .isEqualTo(200);
        assertThat(text(anonymousPublished.send(HttpRequest.newBuilder(anonymousPublished.uri("/", params())))))
                .isEqualTo("Ok.\n");
    }

    private static void assertRefused(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(401);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("516");
        assertThat(text(response)).contains("Authentication failed");
    }
}
