package dev.annotations.api.evaluation;

import dev.annotations.otel.AnnotationAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** feedback-api and the agent extension write the attributes this service reads: all must spell them alike. */
class AttributeNamesTest {
    @Test
    void the_extension_and_the_service_agree_on_every_shared_name() {
        assertThat(AnnotationAttributes.EVALUATION_EVENT).isEqualTo(EvaluationAttributes.EVENT_NAME);
        assertThat(AnnotationAttributes.EVENT_NAME).isEqualTo(EvaluationAttributes.LEGACY_EVENT_NAME);
        assertThat(AnnotationAttributes.RESPONSE_ID).isEqualTo(EvaluationAttributes.RESPONSE_ID);
        assertThat(AnnotationAttributes.EVALUATION_NAME).isEqualTo(EvaluationAttributes.NAME);
        assertThat(AnnotationAttributes.EVALUATION_SCORE_VALUE).isEqualTo(EvaluationAttributes.SCORE_VALUE);
        assertThat(AnnotationAttributes.EVALUATION_SCORE_LABEL).isEqualTo(EvaluationAttributes.SCORE_LABEL);
        assertThat(AnnotationAttributes.EVALUATION_EXPLANATION).isEqualTo(EvaluationAttributes.EXPLANATION);
        assertThat(AnnotationAttributes.SCORE_SOURCE).isEqualTo(EvaluationAttributes.SOURCE);
        assertThat(AnnotationAttributes.ANNOTATOR_KIND).isEqualTo(EvaluationAttributes.ANNOTATOR_KIND);
        assertThat(AnnotationAttributes.SCORE_AUTHOR).isEqualTo(EvaluationAttributes.AUTHOR);
        assertThat(AnnotationAttributes.PROJECT_ID).isEqualTo(EvaluationAttributes.PROJECT_ID);
        assertThat(AnnotationAttributes.SESSION_ID).isEqualTo(EvaluationAttributes.SESSION_ID);
        assertThat(AnnotationAttributes.USER_ID).isEqualTo(EvaluationAttributes.USER_ID);
    }
}
