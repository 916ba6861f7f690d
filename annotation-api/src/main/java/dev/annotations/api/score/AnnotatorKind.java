package dev.annotations.api.score;

/** Who or what made the judgement. */
public enum AnnotatorKind {
    HUMAN, LLM, CODE
}
