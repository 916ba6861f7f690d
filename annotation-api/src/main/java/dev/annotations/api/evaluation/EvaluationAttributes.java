package dev.annotations.api.evaluation;

/**
 * Attribute names read from evaluation events: the OTel GenAI conventions' (v1.38–v1.41) and our own
 * {@code annotation.*} ones, which feedback-api writes (a test checks both modules agree).
 */
public final class EvaluationAttributes {
    public static final String EVENT_NAME = "gen_ai.evaluation.result";
    /** Where SDKs before the OTLP {@code event_name} field put the event's name. */
    public static final String LEGACY_EVENT_NAME = "event.name";
    public static final String NAME = "gen_ai.evaluation.name";
    public static final String SCORE_VALUE = "gen_ai.evaluation.score.value";
    public static final String SCORE_LABEL = "gen_ai.evaluation.score.label";
    public static final String EXPLANATION = "gen_ai.evaluation.explanation";
    public static final String RESPONSE_ID = "gen_ai.response.id";
    public static final String ERROR_TYPE = "error.type";
    public static final String SESSION_ID = "session.id";
    public static final String USER_ID = "user.id";

    /** EVAL (default: an LLM judge or a code check) or FEEDBACK (an end user). */
    public static final String SOURCE = "annotation.score.source";
    /** HUMAN, LLM or CODE; defaults to HUMAN for FEEDBACK and LLM for EVAL. */
    public static final String ANNOTATOR_KIND = "annotation.annotator.kind";
    /** Who judged; defaults to {@code user.id} for FEEDBACK, else the service name. */
    public static final String AUTHOR = "annotation.score.author";
    /** The project the score belongs to, for events arriving through a Collector. */
    public static final String PROJECT_ID = "annotation.project.id";

    private EvaluationAttributes() {
    }
}
