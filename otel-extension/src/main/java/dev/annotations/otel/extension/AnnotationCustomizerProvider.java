package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Plugs the extension into the SDK's autoconfiguration (the Java agent's, or {@code AutoConfiguredOpenTelemetrySdk}
 * in an app): when rules or baggage keys are configured, wraps the span processor made for the exporters in
 * {@link AnnotationSpanProcessor} (or, with no exporter, registers it first among span processors), and
 * publishes the response-header settings. Registered with {@code META-INF/services}.
 * A configuration problem never stops the SDK: it is logged and the extension does less.
 */
public final class AnnotationCustomizerProvider implements AutoConfigurationCustomizerProvider {
    private static final Logger LOG = Logger.getLogger(AnnotationCustomizerProvider.class.getName());
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Override
    public void customize(AutoConfigurationCustomizer autoConfiguration) {
        // Rules naming a service are settled once against the final resource, so spans never look at it.
        AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
        autoConfiguration.addResourceCustomizer((configured, config) -> {
            resource.set(configured);
            return configured;
        });
        // read once, by whichever of the two customizers below runs first (the span processor one, when it runs)
        AtomicReference<AnnotationSettings> settings = new AtomicReference<>();
        Function<ConfigProperties, AnnotationSettings> read = config -> {
            if (settings.get() == null) {
                settings.compareAndSet(null, AnnotationSettings.read(config, resource.get().getAttribute(SERVICE_NAME), LOG::warning));
            }
            return settings.get();
        };
        AtomicBoolean wrapped = new AtomicBoolean();
        try {
            // The exporters' processor, wrapped: one processor for the SDK to call instead of two (see AnnotationSpanProcessor).
            autoConfiguration.addSpanProcessorCustomizer((processor, config) -> {
                try {
                    Optional<AnnotationSpanProcessor> ours = read.apply(config).processor();
                    if (ours.isPresent() && wrapped.compareAndSet(false, true)) {
                        return ours.get().wrapping(processor);
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.fine("otel.annotation: not wrapping " + processor + ", registering on its own: " + e);
                }
                return processor;
            });
        } catch (LinkageError e) {
            LOG.fine("otel.annotation: this SDK cannot wrap span processors; registering the processor on its own");
        }
        autoConfiguration.addTracerProviderCustomizer((builder, config) -> {
            try {
                AnnotationSettings current = read.apply(config);
                TraceResponseHeaders.configure(current.headers());
                Optional<AnnotationSpanProcessor> processor = current.processor();
                if (processor.isPresent()) {
                    if (!wrapped.get()) {
                        // no exporter configured (otel.traces.exporter=none) or no wrapping: first among processors
                        builder.addSpanProcessorFirst(processor.get());
                    }
                    LOG.info(() -> "otel.annotation: tagging spans with " + describe(current));
                } else if (current.enabled()) {
                    LOG.fine("otel.annotation: no valid rules and no baggage keys configured, no span processor registered");
                }
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: an SDK older than this extension's needs (e.g. without the onEnding hook)
                LOG.warning("otel.annotation: span tagging disabled, the application runs on without it: " + e);
            }
            return builder;
        });
    }

    /** Last among customizers, so the resource seen is the one every other customizer has finished. */
    @Override
    public int order() {
        return Integer.MAX_VALUE;
    }

    private static String describe(AnnotationSettings settings) {
        List<String> names = new ArrayList<>();
        settings.rules().forEach(rule -> names.add(rule.name()));
        return settings.rules().size() + " rule(s) " + names + ", baggage keys " + settings.baggageKeys();
    }
}
