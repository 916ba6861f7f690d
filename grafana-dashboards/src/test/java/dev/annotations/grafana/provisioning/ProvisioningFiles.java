package dev.annotations.grafana.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioning files, read as Grafana reads them. */
final class ProvisioningFiles {
    static final Path DATASOURCE = Path.of("provisioning/datasources/clickhouse.yaml");
    static final Path DASHBOARDS = Path.of("provisioning/dashboards/annotations.yaml");
    /** Where Grafana finds the dashboard files: the provider's path, deploy/compose.yaml's mount. */
    static final String DASHBOARDS_MOUNT = "/etc/grafana/dashboards/annotations";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Grafana's provisioning expands $NAME and ${NAME} in values; an unset variable becomes "". */
    private static final Pattern ENVIRONMENT = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private ProvisioningFiles() {
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode datasource() {
        JsonNode datasources = read(DATASOURCE).path("datasources");
        if (datasources.size() != 1) {
            throw new AssertionError("one datasource expected in " + DATASOURCE);
        }
        return datasources.get(0);
    }

    static JsonNode dashboardProvider() {
        return read(DASHBOARDS).path("providers").get(0);
    }

    /** A value after Grafana's environment expansion (strings only; numbers stay numbers). */
    static JsonNode expand(JsonNode value, Map<String, String> environment) {
        if (!value.isTextual()) {
            return value;
        }
        Matcher matcher = ENVIRONMENT.matcher(value.asText());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            matcher.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(name, "")));
        }
        matcher.appendTail(out);
        return new TextNode(out.toString());
    }
}
