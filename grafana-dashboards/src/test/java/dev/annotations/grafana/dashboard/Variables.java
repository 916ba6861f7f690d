package dev.annotations.grafana.dashboard;

import dev.annotations.grafana.engine.QueryResult;
import dev.annotations.grafana.engine.SqlClient;
import dev.annotations.grafana.expand.Expansion;
import dev.annotations.grafana.expand.QueryContext;
import dev.annotations.grafana.expand.Variable;

import java.util.ArrayList;
import java.util.List;

/**
 * A dashboard's variables as Grafana resolves them: in order, each query variable's SQL run (through the same
 * interpolation and macros as a panel's, with the variables before it) to get its options, then the scenario's
 * selection applied. Fails when a query variable offers nothing or lacks a value the scenario selects.
 */
public final class Variables {
    private Variables() {
    }

    public static List<Variable> resolve(Dashboard dashboard, Scenario scenario, QueryContext context, SqlClient sql) {
        List<Variable> resolved = new ArrayList<>();
        for (Dashboard.VariableDefinition definition : dashboard.variables()) {
            List<String> chosen = scenario.choose(dashboard.uid(), definition.name());
            Variable variable = switch (definition.type()) {
                case "query" -> {
                    List<String> options = options(dashboard, definition, resolved, context, sql);
                    if (!options.containsAll(chosen)) {
                        throw new AssertionError(dashboard + ": variable " + definition.name() + " offers " + options
                                + ", not all of " + chosen);
                    }
                    yield chosen.isEmpty() ? Variable.all(definition.name(), definition.multi(), options)
                            : definition.multi() ? Variable.several(definition.name(), options, chosen)
                            : Variable.single(definition.name(), options, chosen.getFirst());
                }
                case "custom" -> Variable.single(definition.name(), definition.staticOptions(),
                        chosen.isEmpty() ? definition.defaultValue() : chosen.getFirst());
                case "textbox", "constant" -> Variable.text(definition.name(), definition.staticOptions().getFirst());
                default -> throw new AssertionError(dashboard + ": variable type " + definition.type() + " is not covered");
            };
            resolved.add(variable);
        }
        return resolved;
    }

    /** The values a query variable offers: its first column (the plugin's convention: value, then text). */
    static List<String> options(Dashboard dashboard, Dashboard.VariableDefinition definition, List<Variable> before,
                                QueryContext context, SqlClient sql) {
        QueryResult result = sql.query(Expansion.panelQuery(definition.rawSql(), before, context));
        List<String> options = result.rows().stream().map(row -> row.getFirst().asText()).toList();
        if (options.isEmpty()) {
            throw new AssertionError(dashboard + ": variable " + definition.name() + " offers no value");
        }
        return options;
    }
}
