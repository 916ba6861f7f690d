package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Plugs the extension into the SDK's autoconfiguration (the Java agent's, or {@code AutoConfiguredOpenTelemetrySdk}
 * in an app): registers {@link AnnotationSpanProcessor} first among span processors when rules or baggage keys
 * are configured, and publishes the response-header settings. Registered with {@code META-INF/services}.
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
        autoConfiguration.addTracerProviderCustomizer((builder, config) -> {
            try {
                String service = resource.get().getAttribute(SERVICE_NAME);
                AnnotationSettings settings = AnnotationSettings.read(config, service, LOG::warning);
                TraceResponseHeaders.configure(settings.headers());
                Optional<AnnotationSpanProcessor> processor = settings.processor();
                if (processor.isPresent()) {
                    builder.addSpanProcessorFirst(processor.get());
                    LOG.info(() -> "otel.annotation: tagging spans with " + describe(settings));
                } else if (settings.enabled()) {
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
