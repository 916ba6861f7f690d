package dev.annotations.api.collector;

import java.util.List;

/**
 * Rows mapped from one OTLP request, and what was refused: OTLP's {@code partial_success} reports the
 * refused count with a message naming the first few problems.
 */
public record Mapped<R>(List<R> rows, int rejected, List<String> problems) {
    /** How many problems are named in a response; the count covers all of them. */
    public static final int MAX_PROBLEMS_NAMED = 5;
}
