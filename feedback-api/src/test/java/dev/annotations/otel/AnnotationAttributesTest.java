package dev.annotations.otel;

import dev.annotations.otel.feedback.Feedback;
import dev.annotations.otel.feedback.FeedbackEvent;
import dev.annotations.otel.feedback.FeedbackTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationAttributesTest {
    /** Class file major version 52 is Java 8: apps on Java 8 and later depend on this artifact. */
    @ParameterizedTest
    @ValueSource(classes = {AnnotationAttributes.class, Feedback.class, FeedbackTarget.class, FeedbackEvent.class})
    void the_module_is_compiled_to_java_8_bytecode(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
             DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).isEqualTo(52);
        }
    }

    @Test
    void evaluation_names_follow_the_genai_semantic_conventions() {
        assertThat(AnnotationAttributes.EVALUATION_EVENT).isEqualTo("gen_ai.evaluation.result");
        assertThat(AnnotationAttributes.EVALUATION_NAME).isEqualTo("gen_ai.evaluation.name");
        assertThat(AnnotationAttributes.EVALUATION_SCORE_VALUE).isEqualTo("gen_ai.evaluation.score.value");
        assertThat(AnnotationAttributes.EVALUATION_SCORE_LABEL).isEqualTo("gen_ai.evaluation.score.label");
        assertThat(AnnotationAttributes.EVALUATION_EXPLANATION).isEqualTo("gen_ai.evaluation.explanation");
    }
}
