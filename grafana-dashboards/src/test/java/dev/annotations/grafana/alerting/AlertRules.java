package dev.annotations.grafana.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.annotations.grafana.expand.QueryContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The provisioned alert rules (unified alerting file provisioning). */
public final class AlertRules {
    static final Path FILE = Path.of("provisioning/alerting/annotation-alerts.yaml");

    private AlertRules() {
    }

    public static List<Rule> all() {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
            List<Rule> rules = new ArrayList<>();
            root.path("groups").forEach(group -> group.path("rules").forEach(rule -> rules.add(new Rule(rule))));
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One rule: query A (the datasource's), expression B (the threshold on A). */
    public record Rule(JsonNode json) {
        public String uid() {
            return json.path("uid").asText();
        }

        JsonNode query() {
            return json.path("data").get(0);
        }

        JsonNode threshold() {
            return json.path("data").get(1);
        }

        public String rawSql() {
            return query().path("model").path("rawSql").asText();
        }

        /** What Grafana evaluates query A with at {@code now}: the rule's relative time range and its interval. */
        public QueryContext context(Instant now) {
            JsonNode range = query().path("relativeTimeRange");
            return new QueryContext(now.minusSeconds(range.path("from").asLong()), now.minusSeconds(range.path("to").asLong()),
                    Duration.ofMillis(query().path("model").path("intervalMs").asLong(1000)));
        }

        @Override
        public String toString() {
            return uid();
        }
    }
}
