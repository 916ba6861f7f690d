package dev.annotations.api;

import dev.annotations.clickhouse.ChdbLibraryLocator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath in a JVM of its own, so a test can do to it what happens to real
 * processes: {@code kill -9}, {@code kill -STOP} / {@code -CONT}, a clean SIGTERM. Its output is kept for
 * assertion messages.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-output-" + process.pid()).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /**
     * Starts {@code mainClass} with the test classpath, the chDB library and {@code environment} added to
     * this JVM's (a {@code null} value removes a variable).
     */
    public static ChildJvm start(String mainClass, List<String> jvmOptions, Map<String, String> environment,
                                 String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                // the engine reads standard input for some INSERT forms; it must find end-of-file
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("CHDB_LIBRARY", ChdbLibraryLocator.locate().toString());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            return new ChildJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + pid() + " did not die on SIGKILL");
        }
    }

    /** {@code kill -STOP}: the process stops running but keeps its sockets; the kernel still accepts connections. */
    public void freeze() {
        signal("STOP");
    }

    /** {@code kill -CONT}. */
    public void thaw() {
        signal("CONT");
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    public int stop(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within " + within + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; empty when it is still running after {@code within}. */
    public java.util.OptionalInt awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ends the process if it still runs (thawing it first, so a frozen one can die). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            signal("CONT");
            kill();
        }
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
