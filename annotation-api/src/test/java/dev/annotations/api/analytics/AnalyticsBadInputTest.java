package dev.annotations.api.analytics;

import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad request answers problem+json naming the field, never 500 or 503. */
class AnalyticsBadInputTest {
    private static AnalyticsFixture f;
    private static String[] text;
    private static String[] stars;

    @BeforeAll
    static void start() {
        f = new AnalyticsFixture();
        text = f.config("notes", "{\"dataType\":\"TEXT\",\"maxLength\":100}");
        stars = f.config("stars", "{\"dataType\":\"NUMERIC\",\"min\":1,\"max\":5}");
        String target = AnalyticsFixture.traceTarget(AnalyticsFixture.trace());
        f.scores("a1", List.of(AnalyticsFixture.score(target, stars, "\"value\":3")));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0} → {1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/analytics/agreement?configId=00000000-0000-0000-0000-000000000001 | 404 | ",
            "/api/v1/analytics/agreement/units?configId=00000000-0000-0000-0000-000000000001 | 404 | ",
            "/api/v1/analytics/retrieval?configId=00000000-0000-0000-0000-000000000001 | 404 | ",
            "/api/v1/analytics/agreement?name=nothing-called-this | 404 | ",
            "/api/v1/analytics/agreement?configId=TEXT | 400 | configId",
            "/api/v1/analytics/agreement/units?configId=TEXT | 400 | configId",
            "/api/v1/analytics/agreement?name=TEXTNAME | 400 | name",
            "/api/v1/analytics/judges?name=TEXTNAME | 400 | name",
            "/api/v1/analytics/agreement | 400 | configId",
            "/api/v1/analytics/agreement?configId=not-a-uuid | 400 | configId",
            "/api/v1/analytics/agreement?configId=STARS&level=fuzzy | 400 | level",
            "/api/v1/analytics/agreement?configId=STARS&level=masi | 400 | level",
            "/api/v1/analytics/agreement?configId=STARS&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z | 400 | to",
            "/api/v1/analytics/agreement?configId=STARS&from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z | 400 | to",
            "/api/v1/analytics/agreement?configId=STARS&from=yesterday | 400 | from",
            "/api/v1/analytics/agreement?configId=STARS&annotatorKind=ROBOT | 400 | annotatorKind",
            "/api/v1/analytics/agreement/units?configId=STARS&sort=random | 400 | sort",
            "/api/v1/analytics/agreement/units?configId=STARS&cursor=garbage | 400 | cursor",
            "/api/v1/analytics/agreement/units?configId=STARS&limit=0 | 400 | limit",
            "/api/v1/analytics/agreement/units?configId=STARS&queueId=00000000-0000-0000-0000-000000000001 | 404 | ",
            "/api/v1/analytics/agreement?configId=STARS&queueId=00000000-0000-0000-0000-000000000001 | 404 | ",
            "/api/v1/analytics/judges?name=STARSNAME&authors=A | 400 | authors",
            "/api/v1/analytics/judges | 400 | name",
            "/api/v1/analytics/judges?humanName=STARSNAME | 400 | judgeName",
            "/api/v1/analytics/judges?name=STARSNAME&bucket=month | 400 | bucket",
            "/api/v1/analytics/judges?name=STARSNAME&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z | 400 | to",
            "/api/v1/analytics/retrieval?configId=STARS&k=0 | 400 | k",
            "/api/v1/analytics/retrieval?configId=STARS&k=101 | 400 | k",
            "/api/v1/analytics/retrieval?configId=STARS&k=ten | 400 | k",
            "/api/v1/analytics/retrieval?configId=STARS&relevantLabel=yes | 400 | relevantLabel",
            "/api/v1/analytics/retrieval?configId=STARS&from=2026-11-02T00:00:00Z&to=2026-11-02T00:00:00Z | 400 | to",
    })
    void bad_input_answers_problem_json_naming_the_field(String path, int status, String field) {
        String resolved = path.replace("configId=TEXT", "configId=" + text[0]).replace("name=TEXTNAME", "name=" + text[1])
                .replace("configId=STARS", "configId=" + stars[0]).replace("Name=STARSNAME", "Name=" + stars[1])
                .replace("name=STARSNAME", "name=" + stars[1])
                .replace("authors=A", String.join("&", java.util.Collections.nCopies(101, "authors=someone")));
        ApiClient.Response response = f.client.get(resolved, f.admin);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asText()).as(response.body()).isEqualTo(field);
        }
    }

    @ParameterizedTest(name = "{0} without a key → 401")
    @CsvSource({"/api/v1/analytics/agreement", "/api/v1/analytics/agreement/units", "/api/v1/analytics/judges",
            "/api/v1/analytics/retrieval"})
    void every_analytics_route_needs_a_key(String path) {
        assertThat(f.client.get(path, null).status()).isEqualTo(401);
    }
}
