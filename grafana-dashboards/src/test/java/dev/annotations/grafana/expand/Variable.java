package dev.annotations.grafana.expand;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dashboard variable's state at query time: what Grafana's template service knows about it.
 *
 * @param name        the variable's name ({@code $name})
 * @param multi       several values may be selected (then the value is a list even with one selected)
 * @param includeAll  the variable offers "All"
 * @param allValue    the custom value standing for "All", if the variable sets one
 * @param options     every value the variable offers (its query's answer), "All" excluded
 * @param selected    the selected values; empty when "All" is selected
 * @param allSelected "All" is selected
 */
public record Variable(String name, boolean multi, boolean includeAll, Optional<String> allValue,
                       List<String> options, List<String> selected, boolean allSelected) {
    /** Grafana's value of "All" ({@code $__all}) before interpolation. */
    public static final String ALL = "$__all";

    public Variable {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        selected = List.copyOf(selected);
        if (allSelected && !includeAll) {
            throw new IllegalArgumentException("variable " + name + " offers no All");
        }
        if (!allSelected && !multi && selected.size() != 1) {
            throw new IllegalArgumentException("single-value variable " + name + " needs exactly one value: " + selected);
        }
    }

    public static Variable all(String name, boolean multi, List<String> options) {
        return new Variable(name, multi, true, Optional.empty(), options, List.of(), true);
    }

    public static Variable single(String name, List<String> options, String value) {
        return new Variable(name, false, true, Optional.empty(), options, List.of(value), false);
    }

    public static Variable several(String name, List<String> options, List<String> values) {
        return new Variable(name, true, true, Optional.empty(), options, values, false);
    }

    /** A text box or constant: one value, no "All". */
    public static Variable text(String name, String value) {
        return new Variable(name, false, false, Optional.empty(), List.of(value), List.of(value), false);
    }

    /** {@code current.value} as the plugin's {@code $__conditionalAll} reads it ({@code .toString()} of it). */
    String currentValueText() {
        if (allSelected) {
            return ALL;
        }
        return String.join(",", selected);
    }
}
