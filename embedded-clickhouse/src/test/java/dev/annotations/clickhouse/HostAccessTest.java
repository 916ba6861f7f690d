package dev.annotations.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.annotations.clickhouse.ClickHouseHttp.header;
import static dev.annotations.clickhouse.ClickHouseHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue #11 against the real engine: through either port, with valid credentials even,
 * nothing reads, writes or fetches beyond the engine's tables, and the process survives SYSTEM SHUTDOWN;
 * the insert spool's own file() still works.
 */
class HostAccessTest {
    /** Table functions and engines that stay within the engine's tables or generate data. */
    private static final Set<String> HARMLESS = Set.copyOf(List.of(
            "sqlstandardvalues", "dictionary", "format", "fuzzjson", "fuzzquery", "generaterandom", "generateseries",
            "generate_series", "loop", "merge", "mergetreeanalyzeindexes", "mergetreeanalyzeindexesuuid",
            "mergetreeindex", "mergetreeprojection", "mergetreetextindex", "null", "numbers", "numbers_mt", "primes",
            "prometheusquery", "prometheusqueryrange", "timeseriesdata", "timeseriesmetrics", "timeseriesselector",
            "timeseriestags", "values", "view", "viewexplain", "viewifpermitted", "zeros", "zeros_mt",
            // table engines
            "aggregatingmergetree", "alias", "buffer", "coalescingmergetree", "collapsingmergetree", "distributed",
            "graphitemergetree", "join", "keepermap", "log", "materializedview", "memory", "mergetree",
            "replacingmergetree", "set", "stripelog", "summingmergetree", "timeseries", "tinylog",
            "versionedcollapsingmergetree", "view", "windowview", "generaterandom",
            "replicatedaggregatingmergetree", "replicatedcoalescingmergetree", "replicatedcollapsingmergetree",
            "replicatedgraphitemergetree", "replicatedmergetree", "replicatedreplacingmergetree",
            "replicatedsummingmergetree", "replicatedversionedcollapsingmergetree",
            // database engines
            "atomic", "memory", "ordinary", "replicated"));

    private static ClickHouseHttp engineAccount;
    private static ClickHouseHttp publisher;

    @BeforeAll
    static void connect() {
        engineAccount = ClickHouseHttp.of(SharedEngine.get());
        publisher = SharedEngine.published(SharedEngine.PUBLISHER);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT * FROM file('/etc/shadow', 'LineAsString')",
            "SELECT * FROM file('/etc/hostname', 'LineAsString')",
            "SELECT file('/etc/hostname')",
            "SELECT * FROM `file`('/etc/hostname', 'LineAsString')",
            "SELECT * FROM format(Values, 'x String', '(file(''/etc/hostname''))')",
            "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')",
            "SELECT * FROM remote('127.0.0.1', system.one)",
            "SELECT * FROM executable('id', 'TSV', 'x String')",
            "CREATE TABLE host_file (x String) ENGINE = File(LineAsString, '/etc/hostname')",
            "SYSTEM SHUTDOWN",
            "SYSTEM KILL"})
    void a_host_reaching_statement_answers_403_with_access_denied_on_both_ports(String sql) {
        for (ClickHouseHttp port : List.of(engineAccount, publisher)) {
            HttpResponse<byte[]> response = port.post(sql);

            assertThat(response.statusCode()).as(text(response)).isEqualTo(403);
            assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("497");
            assertThat(text(response)).contains("Not enough privileges");
        }
        assertThat(engineAccount.query("SELECT 'still running'")).isEqualTo("still running\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SELECT * FROM '/etc/hostname'", "SELECT * FROM `/etc/hostname`",
            "SELECT * FROM default.`/etc/hostname`", "SELECT * FROM \"pom.xml\""})
    void a_host_path_is_no_table_of_the_default_database(String sql) throws Exception {
        HttpResponse<byte[]> response = publisher.post(sql);

        assertThat(response.statusCode()).as(text(response)).isEqualTo(404);
        assertThat(header(response, "X-ClickHouse-Exception-Code")).isEqualTo("60");
        assertThat(text(response)).doesNotContain(Files.readString(Path.of("/etc/hostname")).strip() + "\n");
    }

    @Test
    void into_outfile_writes_nothing(@TempDir Path directory) {
        Path target = directory.resolve("out.txt");

        HttpResponse<byte[]> response = publisher.post("SELECT 1 INTO OUTFILE '" + target + "'");

        assertThat(response.statusCode()).as(text(response)).isEqualTo(403);
        assertThat(target).doesNotExist();
    }

    @Test
    void the_insert_spool_still_reads_its_own_files() {
        engineAccount.query("CREATE TABLE IF NOT EXISTS host_access_spool (x UInt32, s String) ENGINE = MergeTree ORDER BY x");

        HttpResponse<byte[]> format = engineAccount.post("INSERT INTO host_access_spool FORMAT TSV\n1\tfile\n");
        HttpResponse<byte[]> values = engineAccount.post("INSERT INTO host_access_spool VALUES (2, 'url(x)')");

        assertThat(format.statusCode()).as(text(format)).isEqualTo(200);
        assertThat(values.statusCode()).as(text(values)).isEqualTo(200);
        assertThat(engineAccount.query("SELECT count() FROM host_access_spool WHERE x IN (1, 2)")).isEqualTo("2\n");
    }

    @Test
    void every_table_function_and_engine_the_engine_knows_is_refused_or_known_to_stay_inside() {
        Set<String> known = new HashSet<>();
        for (String table : List.of("table_functions", "table_engines", "database_engines")) {
            known.addAll(engineAccount.query("SELECT name FROM system." + table).lines()
                    .map(String::toLowerCase).collect(Collectors.toSet()));
        }

        known.removeAll(HARMLESS);
        known.removeAll(StatementGuard.HOST_REACHING_CALLS);

        assertThat(known).as("new in this chDB: classify each as harmless or add it to StatementGuard").isEmpty();
    }
}
