package dev.annotations.api.scoreconfig;

/**
 * One choice of a CATEGORICAL config.
 *
 * @param label       what scores store; unique within the config
 * @param value       the number the label stands for (for averages and dashboards)
 * @param displayName what the UI shows, defaults to the label; may change freely
 * @param hotkey      optional single key that picks this category in the UI
 */
public record Category(String label, Double value, String displayName, String hotkey) {
}
