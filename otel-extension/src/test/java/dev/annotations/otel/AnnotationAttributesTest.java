package dev.annotations.otel;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationAttributesTest {
    /** Class file major version 52 is Java 8: the agent loads extensions on Java 8 and later. */
    @Test
    void the_module_is_compiled_to_java_8_bytecode() throws IOException {
        try (InputStream in = AnnotationAttributes.class.getResourceAsStream("AnnotationAttributes.class");
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
