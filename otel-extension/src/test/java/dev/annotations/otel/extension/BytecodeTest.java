package dev.annotations.otel.extension;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BytecodeTest {
    /** Class file major version 52 is Java 8: the agent loads extensions on Java 8 and later. */
    @ParameterizedTest
    @ValueSource(classes = {AnnotationCustomizerProvider.class, AnnotationSpanProcessor.class, SpanMonitor.class, TraceResponseCustomizer.class,
            RuleParser.class})
    void the_extension_is_compiled_to_java_8_bytecode(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
             DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).isEqualTo(52);
        }
    }
}
