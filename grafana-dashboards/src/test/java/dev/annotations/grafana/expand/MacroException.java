package dev.annotations.grafana.expand;

/** A macro the plugin would refuse (wrong argument count, unbalanced parentheses): the query fails in Grafana too. */
public final class MacroException extends RuntimeException {
    MacroException(String message) {
        super(message);
    }
}
