package dev.annotations.grafana.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our datasource provisioning against the plugin's documented keys (the reference copied into
 * {@code src/test/resources/reference}): every documented key is set, including {@code otelVersion} (without
 * it the plugin maps no OTel columns) and a port that parses with no environment; every other key we set is one
 * of the plugin 4.20 settings listed here with the reason we set it.
 */
class PluginDocumentedKeysTest {
    private static final Path REFERENCE = Path.of("src/test/resources/reference/grafana-clickhouse-datasource.md");
    /** Keys beyond the documented ones, each a setting of plugin 4.20's config editor, and why we set it. */
    private static final Map<String, String> UNDOCUMENTED_BUT_KNOWN = Map.of(
            "dialTimeout", "the plugin's default, written out",
            "queryTimeout", "the plugin's default, written out",
            "traces.traceEventsColumnPrefix", "the Collector's Events.* columns",
            "traces.traceLinksColumnPrefix", "the Collector's Links.* columns",
            "traces.traceTimestampTableSuffix", "trace lookups read otel_traces_trace_id_ts first");

    @Test
    void every_documented_key_is_provisioned_and_every_other_key_is_a_known_setting() throws IOException {
        Set<String> documented = documentedJsonDataKeys();
        Set<String> ours = new TreeSet<>();
        collect(ProvisioningFiles.datasource().get("jsonData"), "", ours);

        assertThat(documented).as("the reference's jsonData keys").contains("port", "traces.otelVersion", "logs.otelVersion");
        assertThat(ours).containsAll(documented);
        Set<String> extra = new TreeSet<>(ours);
        extra.removeAll(documented);
        assertThat(extra).isSubsetOf(UNDOCUMENTED_BUT_KNOWN.keySet());
    }

    @Test
    void the_documented_otel_version_and_protocol_values_are_used() {
        JsonNode jsonData = ProvisioningFiles.datasource().get("jsonData");

        assertThat(jsonData.at("/traces/otelVersion").asText()).isEqualTo("latest");
        assertThat(jsonData.at("/logs/otelVersion").asText()).isEqualTo("latest");
        assertThat(jsonData.get("protocol").asText()).isIn("http", "native");
        assertThat(PluginSettings.port(ProvisioningFiles.expand(jsonData.get("port"), Map.of()))).isPositive();
    }

    /** Parses {@code jsonData: {host, port, protocol: http|native, …, traces:{…}, logs:{…}}} into dotted keys. */
    static Set<String> documentedJsonDataKeys() throws IOException {
        String text = Files.readString(REFERENCE).replaceAll("\\s+", " ");
        Matcher start = Pattern.compile("jsonData: \\{").matcher(text);
        assertThat(start.find()).as("the reference documents jsonData").isTrue();
        int depth = 1;
        int i = start.end();
        StringBuilder body = new StringBuilder();
        while (depth > 0) {
            char c = text.charAt(i++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth > 0) {
                body.append(c);
            }
        }
        Set<String> keys = new TreeSet<>();
        Map<String, String> nested = new LinkedHashMap<>();
        Matcher group = Pattern.compile("(\\w+):\\{([^}]*)}").matcher(body);
        while (group.find()) {
            nested.put(group.group(1), group.group(2));
        }
        String flat = group.replaceAll("");
        for (String part : flat.split(",")) {
            String key = part.strip().split(":")[0].strip();
            if (!key.isEmpty()) {
                keys.add(key);
            }
        }
        nested.forEach((parent, inner) -> {
            for (String part : inner.split(",")) {
                keys.add(parent + "." + part.strip().split(":")[0].strip());
            }
        });
        return keys;
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        node.properties().forEach(entry -> {
            if (entry.getValue().isObject()) {
                collect(entry.getValue(), prefix + entry.getKey() + ".", keys);
            } else {
                keys.add(prefix + entry.getKey());
            }
        });
    }
}
