package dev.annotations.otel.feedback;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * feedback-api against the oldest opentelemetry-api it supports (1.27, the first with the Logs API), in a
 * class loader that sees only that API and our classes: every method we call must link, and the one that
 * is newer ({@code setEventName}, 1.50) must fall back to the {@code event.name} attribute alone.
 */
class ApiFloorTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void feedback_links_and_records_its_event_with_opentelemetry_api_1_27() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = capture(warnings);
        Logger log = Logger.getLogger(FeedbackEvent.class.getName());
        log.addHandler(handler);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader floor = floorLoader()) {
            // the old API finds its context storage through ServiceLoader on the context class loader
            thread.setContextClassLoader(floor);
            Class<?> builder = floor.loadClass("io.opentelemetry.api.logs.LogRecordBuilder");
            assertThatThrownBy(() -> builder.getMethod("setEventName", String.class))
                    .as("this really is an API from before 1.50").isInstanceOf(NoSuchMethodException.class);

            Object openTelemetry = recordingOpenTelemetry(floor, calls);
            Object target = floor.loadClass(Feedback.class.getName()).getMethod("forSpanContext", String.class)
                    .invoke(null, TRACEPARENT);
            target = target.getClass().getMethod("using", floor.loadClass("io.opentelemetry.api.OpenTelemetry"))
                    .invoke(target, openTelemetry);
            Object event = target.getClass().getMethod("score", String.class, double.class).invoke(target, "thumbs", 1.0);
            event.getClass().getMethod("userId", String.class).invoke(event, "u-1");
            event.getClass().getMethod("emit").invoke(event);
        } finally {
            thread.setContextClassLoader(previous);
            log.removeHandler(handler);
        }

        assertThat(warnings).as("nothing failed to link").isEmpty();
        assertThat(calls).contains("get(dev.annotations.otel.feedback)", "setContext", "setSeverity",
                "setAttribute(event.name=gen_ai.evaluation.result)", "setAttribute(gen_ai.evaluation.name=thumbs)",
                "setAttribute(gen_ai.evaluation.score.value=1.0)", "setAttribute(annotation.score.source=FEEDBACK)",
                "setAttribute(user.id=u-1)", "emit");
        assertThat(calls).noneMatch(call -> call.startsWith("setEventName"));
    }

    /** Our classes plus opentelemetry-api/-context 1.27 (copied by the pom), nothing of the 1.68 test classpath. */
    private static URLClassLoader floorLoader() throws Exception {
        Path dir = Path.of(System.getProperty("feedback.apiFloor.dir", "target/api-floor"));
        List<URL> urls = new ArrayList<>();
        urls.add(Feedback.class.getProtectionDomain().getCodeSource().getLocation());
        try (Stream<Path> jars = Files.list(dir)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).forEach(jar -> {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertThat(urls).as("feedback-api classes + 2 jars in " + dir).hasSize(3);
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /**
     * An OpenTelemetry of the old API whose Logs API records the calls made on it: dynamic proxies of the
     * 1.27 interfaces, so a method missing there fails exactly as it would in an app.
     */
    private static Object recordingOpenTelemetry(ClassLoader floor, List<String> calls) throws Exception {
        Class<?> openTelemetry = floor.loadClass("io.opentelemetry.api.OpenTelemetry");
        Class<?> loggerProvider = floor.loadClass("io.opentelemetry.api.logs.LoggerProvider");
        Class<?> logger = floor.loadClass("io.opentelemetry.api.logs.Logger");
        Class<?> builder = floor.loadClass("io.opentelemetry.api.logs.LogRecordBuilder");
        Object[] builderProxy = new Object[1];
        builderProxy[0] = Proxy.newProxyInstance(floor, new Class<?>[]{builder}, (proxy, method, args) -> {
            if (method.getName().equals("setAttribute")) {
                calls.add("setAttribute(" + keyName(args[0]) + "=" + args[1] + ")");
            } else {
                calls.add(method.getName());
            }
            return method.getName().equals("emit") ? null : proxy;
        });
        Object loggerProxy = Proxy.newProxyInstance(floor, new Class<?>[]{logger}, (proxy, method, args) ->
                method.getName().equals("logRecordBuilder") ? builderProxy[0] : null);
        Object providerProxy = Proxy.newProxyInstance(floor, new Class<?>[]{loggerProvider}, (proxy, method, args) -> {
            if (method.getName().equals("get")) {
                calls.add("get(" + args[0] + ")");
                return loggerProxy;
            }
            return null;
        });
        InvocationHandler otel = (proxy, method, args) -> switch (method.getName()) {
            case "getLogsBridge" -> providerProxy;
            case "getTracerProvider" -> floor.loadClass("io.opentelemetry.api.trace.TracerProvider").getMethod("noop").invoke(null);
            case "getPropagators" -> floor.loadClass("io.opentelemetry.context.propagation.ContextPropagators").getMethod("noop").invoke(null);
            default -> null;
        };
        return Proxy.newProxyInstance(floor, new Class<?>[]{openTelemetry}, otel);
    }

    private static String keyName(Object attributeKey) throws Exception {
        Method getKey = attributeKey.getClass().getMethod("getKey");
        getKey.setAccessible(true);
        return String.valueOf(getKey.invoke(attributeKey));
    }

    private static Handler capture(List<String> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
