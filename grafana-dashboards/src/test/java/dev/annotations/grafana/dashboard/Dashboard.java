package dev.annotations.grafana.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A dashboard JSON file as Grafana reads it: its panels (rows' panels included), their queries and links, its variables. */
public record Dashboard(Path file, JsonNode json) {
    /** Where the provisioned dashboards live, relative to this module. */
    public static final Path DIRECTORY = Path.of("dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(Dashboard::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dashboard read(Path file) {
        try {
            return new Dashboard(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uid() {
        return json.path("uid").asText();
    }

    public String title() {
        return json.path("title").asText();
    }

    /** Every panel but rows, in file order, including panels nested in (collapsed) rows. */
    public List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(nested -> panels.add(new Panel(this, nested)));
            } else {
                panels.add(new Panel(this, panel));
            }
        }
        return panels;
    }

    /** Row panels (they carry a datasource-free title only). */
    public List<JsonNode> rows() {
        List<JsonNode> rows = new ArrayList<>();
        json.path("panels").forEach(panel -> {
            if (panel.path("type").asText().equals("row")) {
                rows.add(panel);
            }
        });
        return rows;
    }

    public List<VariableDefinition> variables() {
        List<VariableDefinition> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(variable -> variables.add(new VariableDefinition(variable)));
        return variables;
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }

    /** One panel. */
    public record Panel(Dashboard dashboard, JsonNode json) {
        public String title() {
            return json.path("title").asText();
        }

        public String type() {
            return json.path("type").asText();
        }

        public List<Target> targets() {
            List<Target> targets = new ArrayList<>();
            json.path("targets").forEach(target -> targets.add(new Target(this, target)));
            return targets;
        }

        /** Data links: the defaults' (any field) and those of field overrides (the field the override names). */
        public List<DataLink> links() {
            List<DataLink> links = new ArrayList<>();
            json.path("fieldConfig").path("defaults").path("links").forEach(link -> links.add(new DataLink(this, null, link)));
            for (JsonNode override : json.path("fieldConfig").path("overrides")) {
                String field = override.path("matcher").path("options").asText();
                for (JsonNode property : override.path("properties")) {
                    if (property.path("id").asText().equals("links")) {
                        property.path("value").forEach(link -> links.add(new DataLink(this, field, link)));
                    }
                }
            }
            json.path("links").forEach(link -> links.add(new DataLink(this, null, link)));
            return links;
        }

        /** Field names that overrides match by name: each must be a column the panel's queries return. */
        public List<String> overriddenFields() {
            List<String> fields = new ArrayList<>();
            for (JsonNode override : json.path("fieldConfig").path("overrides")) {
                if (override.path("matcher").path("id").asText().equals("byName")) {
                    fields.add(override.path("matcher").path("options").asText());
                }
            }
            return fields;
        }

        @Override
        public String toString() {
            return dashboard + " · " + title();
        }
    }

    /** One query of a panel. */
    public record Target(Panel panel, JsonNode json) {
        public String refId() {
            return json.path("refId").asText();
        }

        public String rawSql() {
            return json.path("rawSql").asText();
        }

        /** The plugin's format: 0 time series, 1 table, 2 logs, 3 traces. */
        public int format() {
            return json.path("format").asInt(-1);
        }

        @Override
        public String toString() {
            return panel + " · " + refId();
        }
    }

    /** A data link; {@code field} is the column it is attached to, or null for a panel-wide link. */
    public record DataLink(Panel panel, String field, JsonNode json) {
        public String title() {
            return json.path("title").asText();
        }

        public String url() {
            return json.path("url").asText();
        }

        public boolean internal() {
            return json.has("internal");
        }

        public JsonNode internalQuery() {
            return json.path("internal").path("query");
        }

        @Override
        public String toString() {
            return panel + " · " + (field == null ? "" : field + " · ") + title();
        }
    }

    /** A template variable's definition. */
    public record VariableDefinition(JsonNode json) {
        public String name() {
            return json.path("name").asText();
        }

        public String type() {
            return json.path("type").asText();
        }

        public boolean multi() {
            return json.path("multi").asBoolean(false);
        }

        public boolean includeAll() {
            return json.path("includeAll").asBoolean(false);
        }

        /** The SQL of a query variable. */
        public String rawSql() {
            JsonNode query = json.path("query");
            return query.isObject() ? query.path("rawSql").asText() : query.asText();
        }

        /** The values a custom variable offers, or the default of a text box / constant. */
        public List<String> staticOptions() {
            return switch (type()) {
                case "custom" -> Stream.of(json.path("query").asText().split(",")).map(String::strip).toList();
                default -> List.of(json.path("query").asText());
            };
        }

        /** The value selected by default (custom variables, text boxes). */
        public String defaultValue() {
            JsonNode value = json.path("current").path("value");
            return value.isArray() ? value.path(0).asText() : value.asText();
        }
    }
}
