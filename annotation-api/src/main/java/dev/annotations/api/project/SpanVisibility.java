package dev.annotations.api.project;

import java.util.List;

/**
 * Which spans of the Collector's tables a project sees. Spans the service's own OTLP receiver writes carry
 * the sending key's project in the resource attribute {@value #PROJECT_ATTRIBUTE}; a project always sees
 * those of its own, and by its mode also:
 * <ul>
 *   <li>{@code ALL}: every span (the default of the first project, which a single-team deployment is);</li>
 *   <li>{@code OWN}: nothing more (the default of every other project);</li>
 *   <li>{@code SERVICES}: spans whose {@code service.name} is one of {@code services};</li>
 *   <li>{@code RESOURCE_ATTRIBUTE}: spans whose resource attribute {@code attributeKey} equals {@code attributeValue}.</li>
 * </ul>
 * Only the bootstrap key may set it: widening what a project sees is the deployment operator's decision.
 */
public record SpanVisibility(Mode mode, List<String> services, String attributeKey, String attributeValue) {
    /** The resource attribute the receiver stamps on every span and log record it writes. */
    public static final String PROJECT_ATTRIBUTE = "annotation.project.id";
    public static final int MAX_SERVICES = 100;

    public enum Mode { ALL, OWN, SERVICES, RESOURCE_ATTRIBUTE }

    public static final SpanVisibility ALL = new SpanVisibility(Mode.ALL, List.of(), null, null);
    public static final SpanVisibility OWN = new SpanVisibility(Mode.OWN, List.of(), null, null);

    public SpanVisibility {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
