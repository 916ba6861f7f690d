package dev.annotations.api.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Agent traces shaped like real ones: an HTTP server span, an agent span, three chat completions with
 * GenAI attributes (model, tokens, ~1 KB of input and output messages), two tool calls and a retrieval —
 * 8 spans per trace. Deterministic for a seed.
 */
final class SyntheticTraces {
    static final int SPANS_PER_TRACE = 8;
    private static final String[] SERVICES = {"support-bot", "checkout-assistant", "search-agent", "billing-bot"};
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-pro"};
    private static final String INPUT = "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a helpful support "
            + "assistant. Answer briefly and cite the knowledge base.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
            + "\"content\":\"" + "My order did not arrive and the tracking page shows no update since Monday. ".repeat(8) + "\"}]}]";
    private static final String OUTPUT = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
            + "I am sorry about the delay. I checked the carrier and your parcel is at the local depot. ".repeat(6)
            + "\"}],\"finish_reason\":\"stop\"}]";

    private final SplittableRandom random;
    private final HexFormat hex = HexFormat.of();

    SyntheticTraces(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code traces} traces starting at {@code startNanos}, {@code spacingNanos} apart, in one request. */
    ExportTraceServiceRequest request(int traces, long startNanos, long spacingNanos, List<String> traceIds) {
        List<List<Span>> spansByService = new ArrayList<>();
        for (int s = 0; s < SERVICES.length; s++) {
            spansByService.add(new ArrayList<>());
        }
        for (int t = 0; t < traces; t++) {
            int service = random.nextInt(SERVICES.length);
            byte[] traceId = bytes(16);
            traceIds.add(hex.formatHex(traceId));
            spansByService.get(service).addAll(trace(traceId, startNanos + t * spacingNanos));
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int s = 0; s < SERVICES.length; s++) {
            if (spansByService.get(s).isEmpty()) {
                continue;
            }
            request.addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", SERVICES[s]))
                            .addAttributes(kv("deployment.environment", "production"))
                            .addAttributes(kv("telemetry.sdk.language", "java"))
                            .addAttributes(kv("host.name", "pod-" + s)))
                    .addScopeSpans(ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.genai").setVersion("2.10.0"))
                            .addAllSpans(spansByService.get(s))));
        }
        return request.build();
    }

    private List<Span> trace(byte[] traceId, long start) {
        List<Span> spans = new ArrayList<>(SPANS_PER_TRACE);
        byte[] root = bytes(8);
        byte[] agent = bytes(8);
        boolean failed = random.nextInt(20) == 0;
        spans.add(span(traceId, root, null, "POST /api/chat", Span.SpanKind.SPAN_KIND_SERVER, start, 4_000_000_000L, failed)
                .addAttributes(kv("http.request.method", "POST")).addAttributes(kv("http.route", "/api/chat"))
                .addAttributes(kv("http.response.status_code", failed ? 500 : 200))
                .addAttributes(kv("session.id", "session-" + random.nextInt(50_000)))
                .addAttributes(kv("user.id", "user-" + random.nextInt(20_000)))
                .addAttributes(kv("annotation.candidate", random.nextInt(10) == 0 ? "true" : "false"))
                .addAttributes(kv("annotation.queue", "support-review")).build());
        spans.add(span(traceId, agent, root, "invoke_agent support", Span.SpanKind.SPAN_KIND_INTERNAL, start + 1_000_000,
                3_900_000_000L, failed).addAttributes(kv("gen_ai.operation.name", "invoke_agent"))
                .addAttributes(kv("gen_ai.agent.name", "support")).build());
        for (int i = 0; i < 3; i++) {
            String model = MODELS[random.nextInt(MODELS.length)];
            spans.add(span(traceId, bytes(8), agent, "chat " + model, Span.SpanKind.SPAN_KIND_CLIENT,
                    start + 10_000_000 + i * 1_200_000_000L, 900_000_000L + random.nextInt(300_000_000), false)
                    .addAttributes(kv("gen_ai.operation.name", "chat")).addAttributes(kv("gen_ai.provider.name", "openai"))
                    .addAttributes(kv("gen_ai.request.model", model)).addAttributes(kv("gen_ai.response.model", model))
                    .addAttributes(kv("gen_ai.usage.input_tokens", 200 + random.nextInt(2_000)))
                    .addAttributes(kv("gen_ai.usage.output_tokens", 20 + random.nextInt(500)))
                    .addAttributes(kv("gen_ai.request.temperature", 0.2))
                    .addAttributes(kv("gen_ai.input.messages", INPUT)).addAttributes(kv("gen_ai.output.messages", OUTPUT))
                    .build());
        }
        for (String tool : new String[]{"lookup_order", "carrier_status"}) {
            spans.add(span(traceId, bytes(8), agent, "execute_tool " + tool, Span.SpanKind.SPAN_KIND_INTERNAL,
                    start + 1_100_000_000L, 50_000_000L, false).addAttributes(kv("gen_ai.operation.name", "execute_tool"))
                    .addAttributes(kv("gen_ai.tool.name", tool)).build());
        }
        spans.add(span(traceId, bytes(8), agent, "retrieval kb", Span.SpanKind.SPAN_KIND_CLIENT, start + 5_000_000, 80_000_000L,
                false).addAttributes(kv("gen_ai.operation.name", "retrieval")).addAttributes(kv("db.system.name", "qdrant")).build());
        return spans;
    }

    private Span.Builder span(byte[] traceId, byte[] spanId, byte[] parent, String name, Span.SpanKind kind, long start,
                              long duration, boolean failed) {
        Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .setName(name).setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration);
        if (parent != null) {
            span.setParentSpanId(ByteString.copyFrom(parent));
        }
        if (failed) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("upstream timeout"));
        }
        return span;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        bytes[0] |= 1;
        return bytes;
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue kv(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static KeyValue kv(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }
}
