package dev.annotations.grafana.expand;

import java.util.List;

/** The two halves of Grafana's query preparation, in their order. */
public final class Expansion {
    private Expansion() {
    }

    /** A dashboard panel's (or variable's) query: the browser's interpolation, then the plugin's server-side macros. */
    public static String panelQuery(String rawSql, List<Variable> variables, QueryContext context) {
        return PluginMacros.expand(new TemplateVariables(variables, context).apply(rawSql), context);
    }

    /**
     * An alert rule's query: alert rules run in Grafana's server, where no browser interpolates variables or
     * {@code $__conditionalAll}; only the plugin's server-side macros apply.
     */
    public static String alertQuery(String rawSql, QueryContext context) {
        return PluginMacros.expand(rawSql, context);
    }
}
