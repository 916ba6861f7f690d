package dev.annotations.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads by name, from /proc/self/task: the JVM names its threads' OS threads after
 * them (first 15 characters), and chDB names its own, so the service's Java threads, the threads that run
 * engine statements and the engine's own workers can be told apart without a profiler.
 */
final class ThreadCpu {
    private ThreadCpu() {
    }

    /** Nanoseconds of CPU (user + system) per thread-name group, so far. */
    static Map<String, Long> snapshot() {
        Map<String, Long> byGroup = new HashMap<>();
        java.util.Set<String> javaThreads = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> javaThreads.add(
                thread.getName().substring(0, Math.min(15, thread.getName().length()))));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
                    byGroup.merge(group(name, javaThreads.contains(name)), nanos, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return byGroup;
    }

    /** Per group, the CPU between two snapshots divided by {@code requests}, in ms, largest first. */
    static String perRequest(Map<String, Long> before, Map<String, Long> after, int requests) {
        return per("request", before, after, requests);
    }

    /** Per group, the CPU between two snapshots divided by {@code count} of {@code what}, in ms, largest first. */
    static String per(String what, Map<String, Long> before, Map<String, Long> after, int count) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((group, nanos) -> delta.put(group, nanos - before.getOrDefault(group, 0L)));
        StringBuilder table = new StringBuilder("| thread group | CPU per " + what + " |\n|---|---|\n");
        delta.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> table.append("| %s | %.3f ms |\n".formatted(entry.getKey(), entry.getValue() / 1e6 / count)));
        return table.toString();
    }

    private static String group(String name, boolean java) {
        if (name.startsWith("JettyServerThre") || name.startsWith("Jetty") || name.startsWith("qtp")) {
            return "Jetty request threads (service: HTTP, auth, JSON, validation, waiting on the writer)";
        }
        if (name.startsWith("score-group-com")) {
            return "score group commit (service: grouping, JSON rows, JDBC client or log append + fdatasync)";
        }
        if (name.startsWith("score-log-loade")) {
            return "score log loader (service: batched INSERTs through the JDBC client)";
        }
        if (name.startsWith("clickhouse-engi")) {
            return "engine statement threads (front + chDB parse, plan, insert on the calling thread)";
        }
        if (name.startsWith("clickhouse-http")) {
            return "embedded HTTP front (request parsing, auth, response)";
        }
        if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
            return "JIT compiler";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "GC and VM";
        }
        if (name.startsWith("java") || name.startsWith("main")) {
            return "main";
        }
        if (java || name.startsWith("JFR ")) {
            return "other Java threads (" + name.replaceAll("[0-9]+", "N") + ")";
        }
        return "engine's own worker threads (" + name.replaceAll("[0-9]+", "N") + ")";
    }
}
