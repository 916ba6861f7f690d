package dev.annotations.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * examples/demo-app in a JVM of its own, started as an operator would: {@code java -javaagent:<agent>
 * -Dotel.javaagent.extensions=<extension> -jar demo-app.jar}, configured by environment variables. Its
 * output goes to a log file, which failures quote.
 */
final class DemoProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("demo-app listening on port (\\d+)");
    /** The agent instruments every loaded class on 2 shared cores: allow for a slow start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private DemoProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** @param extension null: the agent alone (the benchmark's baseline) */
    static DemoProcess start(Path agent, Path extension, Path demoJar, Map<String, String> env, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-javaagent:" + agent));
        if (extension != null) {
            command.add("-Dotel.javaagent.extensions=" + extension);
        }
        command.addAll(List.of("-Xmx256m", "-jar", demoJar.toString()));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            builder.environment().putIfAbsent("DEMO_PORT", "0");
            Process process = builder.start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                Matcher matcher = LISTENING.matcher(read(log));
                if (matcher.find()) {
                    return new DemoProcess(process, log, Integer.parseInt(matcher.group(1)));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("demo-app exited with " + process.exitValue() + ":\n" + read(log));
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new AssertionError("demo-app did not start within " + START_TIMEOUT + ":\n" + read(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Everything the demo JVM (the agent, our extension, the app) printed so far. */
    String output() {
        return read(log);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM first: the agent's shutdown hook flushes what is still batched. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
