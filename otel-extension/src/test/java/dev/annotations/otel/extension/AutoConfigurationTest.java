package dev.annotations.otel.extension;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real autoconfiguration path, as the agent runs it: {@link AnnotationCustomizerProvider} is found
 * through {@code META-INF/services}, reads {@code otel.annotation.*} and registers (or not) its processor.
 */
class AutoConfigurationTest {
    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("annotation.queue");
    private static final String CHAT_RULE =
            "[{\"name\": \"chat\", \"match\": {\"attributes\": {\"gen_ai.operation.name\": \"chat\"}}, \"queue\": \"chat-review\"}]";

    @TempDir
    Path dir;

    @AfterEach
    void resetPublishedHeaders() {
        TraceResponseHeaders.configure(TraceResponseHeaders.DEFAULTS);
    }

    @Test
    void inline_rules_tag_spans_and_copy_the_default_baggage_keys() {
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.rules", CHAT_RULE))) {
            SpanData span = sdk.chatSpanWithBaggage();

            assertThat(span.getAttributes().get(QUEUE)).isEqualTo("chat-review");
            assertThat(span.getAttributes().get(AttributeKey.booleanKey("annotation.candidate"))).isTrue();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("session.id"))).isEqualTo("s-1");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("u-1");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("tenant"))).as("not a default key").isNull();
        }
    }

    @Test
    void rules_come_from_a_yaml_or_json_file() throws IOException {
        Path yaml = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: chat
                    match:
                      attributes:
                        gen_ai.operation.name: chat
                    queue: from-yaml
                """);
        Path json = Files.writeString(dir.resolve("rules.json"), CHAT_RULE.replace("chat-review", "from-json"));

        try (Sdk sdk = new Sdk(Map.of("otel.annotation.rules.file", yaml.toString()))) {
            assertThat(sdk.chatSpanWithBaggage().getAttributes().get(QUEUE)).isEqualTo("from-yaml");
        }
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.rules.file", json.toString()))) {
            assertThat(sdk.chatSpanWithBaggage().getAttributes().get(QUEUE)).isEqualTo("from-json");
        }
    }

    @Test
    void with_an_exporter_configured_the_processor_wraps_its_batch_processor_and_every_span_still_reaches_it() {
        Map<String, String> properties = Map.of("otel.traces.exporter", "test-memory", "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none", "otel.annotation.rules", CHAT_RULE);
        AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> properties).build();
        io.opentelemetry.sdk.trace.SdkTracerProvider provider = sdk.getOpenTelemetrySdk().getSdkTracerProvider();
        Baggage baggage = Baggage.builder().put("session.id", "s-1").build();
        try (Scope ignored = Context.root().with(baggage).makeCurrent()) {
            provider.get("test").spanBuilder("chat").setAttribute("gen_ai.operation.name", "chat").startSpan().end();
            provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            provider.get("test").spanBuilder("after the flush").startSpan().end();
        }
        // one processor for the SDK to call: ours, in front of the batch processor the autoconfiguration made
        assertThat(provider.toString()).contains("spanProcessor=AnnotationSpanProcessor{rules=1")
                .contains("next=BatchSpanProcessor").doesNotContain("MultiSpanProcessor");
        assertThat(MemoryExporterProvider.latest().getFinishedSpanItems()).hasSize(1);
        SpanData tagged = MemoryExporterProvider.latest().getFinishedSpanItems().get(0);
        assertThat(tagged.getAttributes().get(QUEUE)).isEqualTo("chat-review");
        assertThat(tagged.getAttributes().get(AttributeKey.stringKey("session.id"))).isEqualTo("s-1");

        sdk.getOpenTelemetrySdk().close();
        assertThat(MemoryExporterProvider.latest().getFinishedSpanItems()).as("shutdown reaches the batch processor, which exports what it holds")
                .extracting(SpanData::getName).containsExactly("chat", "after the flush");
    }

    @Test
    void without_rules_no_processor_is_registered() {
        try (Sdk sdk = new Sdk(Map.of())) {
            SpanData span = sdk.chatSpanWithBaggage();

            assertThat(sdk.tracerProviderDescription()).doesNotContain("AnnotationSpanProcessor");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("session.id"))).isNull();
        }
    }

    @Test
    void baggage_keys_set_explicitly_register_the_processor_without_rules() {
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.baggage.keys", "tenant, session.id"))) {
            SpanData span = sdk.chatSpanWithBaggage();

            assertThat(sdk.tracerProviderDescription()).contains("AnnotationSpanProcessor");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("tenant"))).isEqualTo("t-1");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("session.id"))).isEqualTo("s-1");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("user.id"))).isNull();
            assertThat(span.getAttributes().get(QUEUE)).isNull();
        }
    }

    @Test
    void empty_baggage_keys_turn_the_copy_off() {
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.rules", CHAT_RULE, "otel.annotation.baggage.keys", ""))) {
            SpanData span = sdk.chatSpanWithBaggage();

            assertThat(span.getAttributes().get(QUEUE)).isEqualTo("chat-review");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("session.id"))).isNull();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("user.id"))).isNull();
        }
    }

    @Test
    void rules_for_another_service_do_not_apply_here() {
        String rules = "[{name: mine, match: {service: checkout}, queue: mine}, {name: other, match: {service: cart}, queue: other}]";
        try (Sdk checkout = new Sdk(Map.of("otel.service.name", "checkout", "otel.annotation.rules", rules))) {
            assertThat(checkout.chatSpanWithBaggage().getAttributes().get(QUEUE)).isEqualTo("mine");
        }
        try (Sdk search = new Sdk(Map.of("otel.service.name", "search",
                "otel.annotation.rules", "[{name: other, match: {service: cart}, queue: other}]"))) {
            assertThat(search.tracerProviderDescription()).doesNotContain("AnnotationSpanProcessor");
        }
    }

    @Test
    void bad_configuration_is_logged_one_line_each_and_the_rest_still_works() {
        String rules = "[{name: broken, match: {spanNameRegex: '(['}}, {name: odd, match: {kind: SERVR}},"
                + " {name: rate, sampleRate: 2}, {name: chat, match: {attributes: {gen_ai.operation.name: chat}}, queue: ok}]";
        try (LogCapture log = new LogCapture();
             Sdk sdk = new Sdk(Map.of("otel.annotation.rules", rules,
                     "otel.annotation.rules.file", dir.resolve("missing.yaml").toString(),
                     "otel.annotation.response.traceresponse.enabled", "maybe"))) {
            assertThat(sdk.chatSpanWithBaggage().getAttributes().get(QUEUE)).isEqualTo("ok");
            assertThat(log.warnings()).hasSize(5).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).contains("rule 'broken' (#1)").contains("not a valid regex"),
                    line -> assertThat(line).contains("rule 'odd' (#2)").contains("unknown span kind 'SERVR'"),
                    line -> assertThat(line).contains("rule 'rate' (#3)").contains("between 0 and 1, was 2"),
                    line -> assertThat(line).contains("missing.yaml").contains("not a readable file"),
                    line -> assertThat(line).contains("otel.annotation.response.traceresponse.enabled='maybe' ignored"));
        }
    }

    @Test
    void a_bad_rule_in_a_file_is_reported_with_the_file_and_rule_names() throws IOException {
        Path yaml = Files.writeString(dir.resolve("rules.yaml"), """
                - name: fine
                  queue: q
                - name: too-often
                  sampleRate: 1.5
                """);
        try (LogCapture log = new LogCapture(); Sdk sdk = new Sdk(Map.of("otel.annotation.rules.file", yaml.toString()))) {
            assertThat(sdk.chatSpanWithBaggage().getAttributes().get(QUEUE)).isEqualTo("q");
            assertThat(log.warnings()).containsExactly("otel.annotation: rule 'too-often' (#2) in otel.annotation.rules.file ("
                    + yaml + ") disabled: sampleRate must be between 0 and 1, was 1.5");
        }
    }

    @Test
    void unparseable_inline_rules_disable_tagging_with_one_line() {
        try (LogCapture log = new LogCapture(); Sdk sdk = new Sdk(Map.of("otel.annotation.rules", "[{name: a, queue: q"))) {
            assertThat(sdk.tracerProviderDescription()).doesNotContain("AnnotationSpanProcessor");
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("otel.annotation: otel.annotation.rules ignored: not valid JSON or YAML");
        }
    }

    @Test
    void response_header_switches_are_published_for_the_agent_customizer() {
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.response.traceresponse.enabled", "true",
                "otel.annotation.response.expose-headers.enabled", "false"))) {
            assertThat(TraceResponseHeaders.configured().toString())
                    .isEqualTo("server-timing=true, traceresponse=true, expose=false");
        }
        try (Sdk sdk = new Sdk(Map.of("otel.annotation.enabled", "false", "otel.annotation.rules", CHAT_RULE))) {
            assertThat(sdk.tracerProviderDescription()).doesNotContain("AnnotationSpanProcessor");
            assertThat(TraceResponseHeaders.configured()).isSameAs(TraceResponseHeaders.NONE);
        }
    }

    /** An autoconfigured SDK with the given properties, exporting to the in-memory exporter. */
    private final class Sdk implements AutoCloseable {
        /** One per SDK: closing the SDK shuts its exporter down for good. */
        private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
        private final AutoConfiguredOpenTelemetrySdk sdk;

        Sdk(Map<String, String> annotationProperties) {
            Map<String, String> properties = new HashMap<>(Map.of("otel.traces.exporter", "none",
                    "otel.metrics.exporter", "none", "otel.logs.exporter", "none"));
            properties.putAll(annotationProperties);
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    .addTracerProviderCustomizer((builder, config) -> builder.addSpanProcessor(SimpleSpanProcessor.create(exporter)))
                    .build();
        }

        SpanData chatSpanWithBaggage() {
            Baggage baggage = Baggage.builder().put("session.id", "s-1").put("user.id", "u-1").put("tenant", "t-1").build();
            try (Scope ignored = Context.root().with(baggage).makeCurrent()) {
                sdk.getOpenTelemetrySdk().getTracer("test").spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("gen_ai.operation.name", "chat").startSpan().end();
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).hasSize(1);
            return spans.get(0);
        }

        String tracerProviderDescription() {
            return sdk.getOpenTelemetrySdk().getSdkTracerProvider().toString();
        }

        @Override
        public void close() {
            sdk.getOpenTelemetrySdk().close();
        }
    }
}
