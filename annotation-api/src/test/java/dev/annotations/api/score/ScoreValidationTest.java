package dev.annotations.api.score;

import dev.annotations.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every invalid score is refused before anything is acknowledged, with the field and the rule. */
class ScoreValidationTest {
    private static ScoreFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ScoreFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String body(String template) {
        return template.replace("'", "\"")
                .replace("$SPAN", ScoreFixture.spanTarget())
                .replace("$helpfulness", fixture.helpfulness)
                .replace("$verdict", fixture.verdict)
                .replace("$tags", fixture.tags)
                .replace("$thumbs", fixture.thumbs)
                .replace("$notes", fixture.notes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "value above max           | {'target':$SPAN,'name':'helpfulness','configId':'$helpfulness','value':6}             | value  | above the config's max",
            "value below min           | {'target':$SPAN,'name':'helpfulness','configId':'$helpfulness','value':0}             | value  | below the config's min",
            "value off step            | {'target':$SPAN,'name':'helpfulness','configId':'$helpfulness','value':2.5}           | value  | off the config's step",
            "label on a numeric config | {'target':$SPAN,'name':'helpfulness','configId':'$helpfulness','value':2,'label':'x'} | label  | is NUMERIC",
            "missing numeric value     | {'target':$SPAN,'name':'helpfulness','configId':'$helpfulness'}                       | value  | is required",
            "unknown category          | {'target':$SPAN,'name':'verdict','configId':'$verdict','label':'meh'}                 | label  | unknown category 'meh'",
            "value not the category's  | {'target':$SPAN,'name':'verdict','configId':'$verdict','label':'good','value':0}      | value  | has value 1.0",
            "two labels on single      | {'target':$SPAN,'name':'verdict','configId':'$verdict','labels':['good','bad']}       | labels | allows one label",
            "unknown multi label       | {'target':$SPAN,'name':'tags','configId':'$tags','labels':['rude','odd']}             | labels[1] | unknown category 'odd'",
            "duplicate multi label     | {'target':$SPAN,'name':'tags','configId':'$tags','labels':['rude','rude']}            | labels[1] | duplicate",
            "boolean value not 0 or 1  | {'target':$SPAN,'name':'thumbs','configId':'$thumbs','value':0.5}                     | value  | 0 or 1",
            "boolean label unknown     | {'target':$SPAN,'name':'thumbs','configId':'$thumbs','label':'maybe'}                 | label  | 'up' or 'down'",
            "boolean contradiction     | {'target':$SPAN,'name':'thumbs','configId':'$thumbs','value':1,'label':'down'}        | label  | contradicts",
            "text too long             | {'target':$SPAN,'name':'notes','configId':'$notes','label':'this text is longer than twenty'} | label | longer than the config's maxLength 20",
            "number for text           | {'target':$SPAN,'name':'notes','configId':'$notes','value':3}                         | value  | is TEXT",
            "name not the config's     | {'target':$SPAN,'name':'helpful','configId':'$helpfulness','value':3}                 | name   | the config's name 'helpfulness'",
            "unknown config            | {'target':$SPAN,'name':'x','configId':'00000000-0000-0000-0000-000000000009','value':3} | configId | no score config",
            "wrong type for value      | {'target':$SPAN,'name':'x','value':'high'}                                            | value  | expected a number",
            "infinity                  | {'target':$SPAN,'name':'x','value':1e400}                                             | value  | finite",
            "no value nor label        | {'target':$SPAN,'name':'x'}                                                           | value  | needs a value, a label or labels",
            "missing target            | {'name':'x','value':1}                                                                | target | is required",
            "missing target type       | {'target':{'traceId':'0123456789abcdef0123456789abcdef'},'name':'x','value':1}        | target.type | is required",
            "upper-case trace id       | {'target':{'type':'TRACE','traceId':'0123456789ABCDEF0123456789ABCDEF'},'name':'x','value':1} | target.traceId | lowercase hex",
            "short trace id            | {'target':{'type':'TRACE','traceId':'abc'},'name':'x','value':1}                      | target.traceId | 32 lowercase hex",
            "all-zero span id          | {'target':{'type':'SPAN','traceId':'0123456789abcdef0123456789abcdef','spanId':'0000000000000000'},'name':'x','value':1} | target.spanId | not all zero",
            "span target without span  | {'target':{'type':'SPAN','traceId':'0123456789abcdef0123456789abcdef'},'name':'x','value':1} | target.spanId | is required",
            "trace target with session | {'target':{'type':'TRACE','traceId':'0123456789abcdef0123456789abcdef','sessionId':'s'},'name':'x','value':1} | target.sessionId | does not apply",
            "document without position | {'target':{'type':'DOCUMENT','traceId':'0123456789abcdef0123456789abcdef','spanId':'0123456789abcdef'},'name':'x','value':1} | target.documentPosition | is required",
            "dataset item without item | {'target':{'type':'DATASET_ITEM','datasetId':'d'},'name':'x','value':1}              | target.itemId | is required",
            "unknown target type       | {'target':{'type':'USER'},'name':'x','value':1}                                       | target.type | allowed: TRACE",
            "bad name                  | {'target':$SPAN,'name':'has space','value':1}                                         | name   | letters, digits",
            "author on an API score    | {'target':$SPAN,'name':'x','value':1,'author':'someone-else'}                         | author | authored by the API key",
            "unknown field             | {'target':$SPAN,'name':'x','value':1,'score':5}                                       | score  | unknown field",
            "unknown source            | {'target':$SPAN,'name':'x','value':1,'source':'HUMAN'}                                | source | allowed: ANNOTATION",
            "metadata value not string | {'target':$SPAN,'name':'x','value':1,'metadata':{'k':1}}                              | metadata.k | expected a string",
    })
    void invalid_scores_answer_400_naming_field_and_rule(String description, String template, String field, String message) {
        ApiClient.Response response = fixture.post(fixture.admin, body(template));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").valueStream()
                .anyMatch(error -> error.get("field").asText().equals(field) && error.get("message").asText().contains(message)))
                .as(response.body()).isTrue();
    }

    @Test
    void nan_is_refused_as_malformed_json() {
        ApiClient.Response response = fixture.post(fixture.admin, body("{'target':$SPAN,'name':'x','value':NaN}"));
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void a_score_against_an_archived_config_is_refused() {
        String config = fixture.client.postJson("/api/v1/score-configs", fixture.admin,
                "{\"name\":\"retired\",\"dataType\":\"NUMERIC\"}").json().get("id").asText();
        fixture.client.post("/api/v1/score-configs/" + config + "/archive", fixture.admin, null, "");

        ApiClient.Response response = fixture.post(fixture.admin, body("{'target':$SPAN,'name':'retired','configId':'" + config + "','value':1}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/message").asText()).contains("archived");
    }

    @Test
    void too_much_metadata_is_refused() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
        }
        ApiClient.Response tooMany = fixture.post(fixture.admin, body("{'target':$SPAN,'name':'x','value':1,'metadata':" + many + "}}"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/message").asText()).contains("at most 50 entries");

        ApiClient.Response tooBig = fixture.post(fixture.admin, body("{'target':$SPAN,'name':'x','value':1,'metadata':{'k':'"
                + "x".repeat(17_000) + "'}}"));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().at("/errors/0/message").asText()).contains("bytes; at most 16384");
    }

    @Test
    void nothing_is_stored_for_a_refused_score() {
        String id = UUID.randomUUID().toString();
        fixture.post(fixture.admin, body("{'id':'" + id + "','target':$SPAN,'name':'helpfulness','configId':'$helpfulness','value':9}"));

        assertThat(fixture.rows(id)).isZero();
    }

    @Test
    void a_viewer_cannot_write() {
        ApiClient.Response response = fixture.post(fixture.viewer, body("{'target':$SPAN,'name':'x','value':1}"));
        assertThat(response.status()).isEqualTo(403);
    }
}
