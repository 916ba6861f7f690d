package dev.annotations.clickhouse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chDB runs statements as clickhouse-client does, and that client appends whatever waits on the
 * process's standard input to an INSERT's inline data. In a process whose stdin is a pipe (a service
 * manager, a build tool: Maven's surefire sends its commands that way) an insert would swallow that
 * input and fail on it. Only a separate process can own a stdin to test this with, so each case runs
 * one, with text already waiting on its stdin; the process reports its insert and what it read after.
 */
class StandardInputTest {
    private static final String WAITING_INPUT = "(9),(9)\nnot insert data\n";

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t VALUES (1), (2)",
            "INSERT INTO t (n) SETTINGS async_insert = 0 VALUES (1),(2)",
            "INSERT INTO t FORMAT TSV\n1\n2\n",
            "INSERT INTO t SETTINGS async_insert = 0 FORMAT CSV\n1\n2\n"})
    void an_insert_takes_only_its_own_data_and_leaves_stdin_to_the_application(String insert) throws Exception {
        List<String> output = runChild(insert);

        assertThat(output).containsExactly("rows=2 sum=3", "stdin=" + WAITING_INPUT.replace("\n", "|"));
    }

    private static List<String> runChild(String insert) throws IOException, InterruptedException {
        Path dataDirectory = Files.createTempDirectory("stdin-test");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dchdb.library=" + ChdbLibraryLocator.locate(),
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), dataDirectory.toString(), insert));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(WAITING_INPUT.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    /** The child process: one engine, one insert, then everything its stdin still holds. */
    static final class Child {
        public static void main(String[] args) throws IOException {
            // let the parent's text arrive before the insert, as surefire's commands would
            while (System.in.available() < WAITING_INPUT.length()) {
                Thread.onSpinWait();
            }
            try (EmbeddedClickHouse engine = EmbeddedClickHouse.start(EmbeddedClickHouse.Options.defaults(Path.of(args[0])))) {
                engine.directQuery("CREATE TABLE t (n UInt8) ENGINE = MergeTree ORDER BY n");
                engine.directExecute(args[1].getBytes(StandardCharsets.UTF_8));
                System.out.println("rows=" + engine.directQuery("SELECT count(), sum(n) FROM t").strip()
                        .replace("\t", " sum="));
            }
            System.out.println("stdin=" + new String(System.in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "|"));
        }
    }
}
