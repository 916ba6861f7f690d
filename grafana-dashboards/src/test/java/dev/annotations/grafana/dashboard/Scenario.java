package dev.annotations.grafana.dashboard;

import dev.annotations.grafana.fixture.FixtureData;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which values the variables hold while a dashboard's queries run: everything "All", one value each, several
 * values each. The chosen values exist in the fixture, so every panel has data in every scenario.
 */
public enum Scenario {
    ALL(Duration.ofMinutes(1)),
    ONE(Duration.ofMinutes(5)),
    SEVERAL(Duration.ofMinutes(1));

    /** The panels' interval: Grafana's for a 24 h range on a ~1 400 px (1 min) or ~290 px (5 min) wide panel. */
    private final Duration interval;

    Scenario(Duration interval) {
        this.interval = interval;
    }

    public Duration interval() {
        return interval;
    }

    /** The values to select for a variable of this dashboard; empty for "All" (or a variable's default). */
    List<String> choose(String dashboardUid, String variable) {
        if (this == ALL) {
            return List.of();
        }
        boolean one = this == ONE;
        return switch (variable) {
            case "project" -> one ? List.of(FixtureData.PROJECT.toString())
                    : List.of(FixtureData.PROJECT.toString(), FixtureData.OTHER_PROJECT.toString());
            case "service" -> one ? List.of("checkout") : List.of("checkout", "support-bot");
            case "model" -> one ? List.of("gpt-4o") : List.of("gpt-4o", "llama-3-70b");
            case "score_name" -> SCORE_NAMES.get(dashboardUid).subList(0, one ? 1 : SCORE_NAMES.get(dashboardUid).size());
            case "queue" -> one ? List.of(FixtureData.CHAT_REVIEW.toString())
                    : List.of(FixtureData.CHAT_REVIEW.toString(), FixtureData.QUICK_CHECK.toString());
            case "annotator" -> one ? List.of("annotator-1") : List.of("annotator-1", "annotator-2");
            case "judge" -> one ? List.of("judge-gpt-4o") : List.of("judge-gpt-4o", "refund-amount-check");
            case "k" -> List.of(one ? "3" : "10");
            default -> List.of();
        };
    }

    /** Names with data in every panel of the dashboard: label panels need a CATEGORICAL name, retrieval a DOCUMENT one. */
    private static final Map<String, List<String>> SCORE_NAMES = Map.of(
            "annotations-quality", List.of("correctness", "helpfulness"),
            "annotations-judges", List.of("correctness", "helpfulness"),
            "annotations-retrieval", List.of("relevance"));
}
