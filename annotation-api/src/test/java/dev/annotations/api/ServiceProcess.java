package dev.annotations.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The service as users run it ({@link Main}) in a JVM of its own, for tests that crash or starve it. */
public final class ServiceProcess implements AutoCloseable {
    private final ChildJvm jvm;
    private final int port;

    private ServiceProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts the service on a free port with {@code environment} over a test baseline (loopback, the test
     * bootstrap key, no CLICKHOUSE_URL unless given).
     */
    public static ServiceProcess start(Map<String, String> environment) {
        int port = ChildJvm.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("ANNOTATION_PORT", Integer.toString(port));
        env.put("ANNOTATION_HOST", "127.0.0.1");
        env.put("ANNOTATION_BOOTSTRAP_ADMIN_KEY", TestService.BOOTSTRAP_KEY);
        env.put("CLICKHOUSE_URL", null);
        env.putAll(environment);
        return new ServiceProcess(ChildJvm.start(Main.class.getName(), List.of("-Xmx768m"), env), port);
    }

    public int port() {
        return port;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    /**
     * Polls {@code /ready} until it answers 200; fails when the process ends first or {@code within} passes.
     */
    public void awaitReady(ApiClient client, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new AssertionError("the service ended before it was ready:\n" + jvm.output());
            }
            try {
                if (client.get("/ready", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notListeningYet) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + within + ":\n" + jvm.output());
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
