package dev.annotations.otel;

/**
 * The attribute and event names that connect instrumented apps to annotation-api. Spans tagged for
 * review carry {@link #CANDIDATE} and {@link #QUEUE}; judgements travel as OpenTelemetry GenAI
 * {@code gen_ai.evaluation.result} events (semantic conventions v1.38 to v1.41) parented to the judged span.
 *
 * <p>Lives in feedback-api, the artifact apps depend on; the agent extension and annotation-api use the same
 * constants. Compiled for Java 8, the OpenTelemetry Java agent's floor.
 */
public final class AnnotationAttributes {
    /** Span attribute: {@code "true"} on spans selected for human review. */
    public static final String CANDIDATE = "annotation.candidate";
    /** Span attribute: the review queue a candidate span belongs in. */
    public static final String QUEUE = "annotation.queue";

    /** Event name of a judgement (end-user feedback, LLM judge, code check). */
    public static final String EVALUATION_EVENT = "gen_ai.evaluation.result";
    /**
     * Log attribute carrying the event name for SDKs and Collector tables that predate the OTLP
     * {@code event_name} field (an {@code otel_logs} table without an {@code EventName} column).
     */
    public static final String EVENT_NAME = "event.name";
    /** Required: the score's name, e.g. {@code helpfulness}. */
    public static final String EVALUATION_NAME = "gen_ai.evaluation.name";
    /** The numeric value (double). */
    public static final String EVALUATION_SCORE_VALUE = "gen_ai.evaluation.score.value";
    /** The label, e.g. {@code good}. */
    public static final String EVALUATION_SCORE_LABEL = "gen_ai.evaluation.score.label";
    /** Free-text explanation or end-user comment. */
    public static final String EVALUATION_EXPLANATION = "gen_ai.evaluation.explanation";
    /** The id of the model response being judged, when the app knows it. */
    public static final String RESPONSE_ID = "gen_ai.response.id";

    /** Evaluation-event attribute: {@code EVAL} (default: an LLM judge or code check) or {@code FEEDBACK} (an end user). */
    public static final String SCORE_SOURCE = "annotation.score.source";
    /** The {@link #SCORE_SOURCE} value of end-user feedback. */
    public static final String SOURCE_FEEDBACK = "FEEDBACK";
    /** Evaluation-event attribute: {@code HUMAN}, {@code LLM} or {@code CODE}. */
    public static final String ANNOTATOR_KIND = "annotation.annotator.kind";
    /** Evaluation-event attribute: who judged (defaults to {@code user.id} for feedback, else the service name). */
    public static final String SCORE_AUTHOR = "annotation.score.author";
    /** Evaluation-event or resource attribute: the annotation-api project the score belongs to. */
    public static final String PROJECT_ID = "annotation.project.id";

    /** Baggage keys copied onto spans by default, so scores can be sliced by session and user. */
    public static final String SESSION_ID = "session.id";
    public static final String USER_ID = "user.id";

    private AnnotationAttributes() {
    }
}
