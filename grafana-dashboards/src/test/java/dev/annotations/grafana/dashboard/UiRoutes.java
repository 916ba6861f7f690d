package dev.annotations.grafana.dashboard;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The annotation UI's routes that dashboards may link to (served by annotation-api under {@code /ui}), in one place.
 * A data link's path must match one; its query string is free.
 */
public final class UiRoutes {
    public static final List<String> ROUTES = List.of(
            "/ui/traces/{traceId}",
            "/ui/sessions/{sessionId}",
            "/ui/spans",
            "/ui/queues/{id}",
            "/ui/queues/{id}/review");

    /** How data links name the UI's base URL: the dashboards' text-box variable. */
    public static final String BASE_VARIABLE = "${annotation_ui}";

    private UiRoutes() {
    }

    /** The route a URL's path matches, with its path parameters' values. */
    public record Match(String route, List<String> parameters) {
    }

    public static Optional<Match> match(String url) {
        String path = URI.create(url).getRawPath();
        for (String route : ROUTES) {
            Pattern pattern = Pattern.compile(route.replaceAll("\\{[^}]+}", "([^/]+)"));
            Matcher matcher = pattern.matcher(path);
            if (matcher.matches()) {
                List<String> parameters = new java.util.ArrayList<>();
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    parameters.add(matcher.group(group));
                }
                return Optional.of(new Match(route, parameters));
            }
        }
        return Optional.empty();
    }
}
