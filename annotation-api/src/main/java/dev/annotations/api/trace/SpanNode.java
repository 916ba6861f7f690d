package dev.annotations.api.trace;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.annotations.api.score.ScoreView;

import java.util.List;

/**
 * A span in its trace's tree: the span's own fields, its GenAI data when it has any, the caller's live
 * scores on it (SPAN and DOCUMENT targets) and its children, ordered by start.
 */
public record SpanNode(@JsonUnwrapped Span span, Llm llm, List<ScoreView> scores, List<SpanNode> children) {
}
