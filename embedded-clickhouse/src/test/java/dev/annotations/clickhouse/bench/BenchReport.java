package dev.annotations.clickhouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's results as a markdown page: where and with what it ran, then one line per measurement. */
final class BenchReport {
    private final String chdbVersion;
    private final String clickHouseVersion;
    private final int rows;
    private final List<String[]> lines = new ArrayList<>();

    BenchReport(String chdbVersion, String clickHouseVersion, int rows) {
        this.chdbVersion = chdbVersion;
        this.clickHouseVersion = clickHouseVersion;
        this.rows = rows;
    }

    void add(String measurement, String result) {
        lines.add(new String[] {measurement, result});
        System.out.println(measurement + ": " + result);
    }

    String markdown() throws IOException {
        StringBuilder page = new StringBuilder()
                .append("# Embedded ClickHouse benchmark\n\n")
                .append("Produced by `./bench` (embedded-clickhouse/src/test/java/dev/annotations/clickhouse/bench/")
                .append("EngineBenchmark.java). One process, one engine; every insert path writes the same ")
                .append("%,d span rows into its own empty MergeTree table and is checked afterwards. ".formatted(rows))
                .append("Insert data reaches the engine as a temporary file read by `INSERT ... SELECT * FROM ")
                .append("file(...)` (see InsertSpool) on every path, the HTTP front's and directExecute's alike.\n\n")
                .append("| | |\n|---|---|\n")
                .append("| date | ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT
                        .withZone(ZoneOffset.UTC)).replaceAll("\\.\\d+Z$", "Z")).append(" |\n")
                .append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(" |\n")
                .append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(Runtime.version()).append(" |\n")
                .append("| chDB | ").append(chdbVersion).append(" (ClickHouse ").append(clickHouseVersion).append(") |\n")
                .append("\n| measurement | result |\n|---|---|\n");
        for (String[] line : lines) {
            page.append("| ").append(line[0]).append(" | ").append(line[1]).append(" |\n");
        }
        return page.toString();
    }

    void write(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(output, markdown());
    }

    private static String cpuModel() throws IOException {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuInfo)) {
            return System.getProperty("os.arch");
        }
        return Files.readAllLines(cpuInfo).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse(System.getProperty("os.arch"));
    }
}
