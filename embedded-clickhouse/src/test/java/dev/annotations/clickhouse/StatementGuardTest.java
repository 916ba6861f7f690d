package dev.annotations.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the HTTP interface refuses because it reaches the host, read by the engine's tokens: neither
 * comments, quoting, escapes, case nor whitespace hide a refused call, and text that only looks like one
 * (a string, a column named url) passes.
 */
class StatementGuardTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT * FROM file('/etc/shadow', 'LineAsString')",
            "select * from FILE('/etc/shadow')",
            "SELECT * FROM `file`('/etc/shadow')",
            "SELECT * FROM \"file\"('/etc/shadow')",
            "SELECT * FROM `fil\\x65`('/etc/shadow')",
            "SELECT * FROM `fi\\Nle`('/etc/shadow')",
            "SELECT * FROM \u201Cfile\u201D('/etc/shadow')",
            "SELECT * FROM file/* a comment */ ('/etc/shadow')",
            "SELECT * FROM file -- a comment\n ('/etc/shadow')",
            "SELECT * FROM file\u00A0('/etc/shadow')",
            "SELECT file('/etc/hostname')",
            "SELECT * FROM url('http://169.254.169.254/latest/meta-data/', 'LineAsString')",
            "SELECT * FROM remote('10.0.0.1', system.one)",
            "SELECT * FROM s3('https://bucket/x.csv')",
            "SELECT * FROM mysql('db:3306', 'd', 't', 'u', 'p')",
            "SELECT * FROM executable('ls', 'TSV', 'x String')",
            "SELECT * FROM filesystem('/etc')",
            "SELECT * FROM icebergLocal('/data')",
            "SELECT * FROM input('x String')",
            "SELECT hasColumnInTable('10.0.0.1', 'system', 'one', 'dummy')",
            "INSERT INTO FUNCTION file('/tmp/x', 'TSV') SELECT 1",
            "SELECT * FROM view(SELECT * FROM url('http://x'))",
            "CREATE TABLE t (x String) ENGINE = File(TSV, '/etc/passwd')",
            "CREATE TABLE t (x String) ENGINE URL('http://x', CSV)",
            "CREATE TABLE t (k String) ENGINE = EmbeddedRocksDB PRIMARY KEY k",
            "CREATE TABLE t (x Int8) ENGINE = Kafka SETTINGS kafka_broker_list = 'x'",
            "CREATE DATABASE d ENGINE = Filesystem('/')",
            "CREATE DATABASE d ENGINE = SQLite('/etc/x.db')",
            "CREATE TABLE t (x Int8) ENGINE = MergeTree ORDER BY x SETTINGS disk = disk(type = s3, endpoint = 'x')",
            "SELECT 1 INTO OUTFILE '/tmp/out.txt'",
            "SELECT 1 into /* x */ outfile '/tmp/out.txt'",
            "INSERT INTO t FROM INFILE '/etc/passwd' FORMAT LineAsString",
            "SELECT * FROM format(Values, 'x String', '(file(''/etc/shadow''))')",
            "SELECT * FROM format('Values', 'x String', '(1)')",
            "SELECT * FROM format({f:Identifier}, 'x String', '(1)')",
            "INSERT INTO t FORMAT Values (file('/etc/shadow'))",
            "INSERT INTO t VALUES (file('/etc/shadow'))",
            "INSERT INTO t VALUES (1, 'a'), (2, file --,\n('/etc/shadow'))",
            "INSERT INTO t VALUES (1, 'a'), (2, file /*,*/ ('/etc/shadow'))",
            "INSERT INTO t VALUES (1, 'a'), (2, file # ,\n('/etc/shadow'))",
            "INSERT INTO t VALUES (1, `file`('/etc/shadow'))",
            "INSERT INTO t VALUES (1,\u00A0file\u00A0('/etc/shadow'))",
            "INSERT INTO t (a, b) SETTINGS async_insert = 0 VALUES (1, url('http://x'))",
            "ATTACH TABLE t FROM '/var/lib/other' (x Int8) ENGINE = MergeTree ORDER BY x",
            "CREATE DICTIONARY d (k UInt64) PRIMARY KEY k SOURCE(HTTP(url 'http://x' format 'TSV')) LAYOUT(FLAT()) LIFETIME(0)",
            "CREATE OR REPLACE DICTIONARY d (k UInt64) PRIMARY KEY k SOURCE(CLICKHOUSE(TABLE 't')) LAYOUT(FLAT()) LIFETIME(0)",
            "SYSTEM SHUTDOWN",
            "system kill",
            "/* first */ SYSTEM RELOAD CONFIG",
            "SYSTEM ENABLE FAILPOINT x",
            "SYSTEM WAIT FAILPOINT x",
            "SYSTEM JEMALLOC FLUSH PROFILE",
            "BACKUP TABLE t TO Disk('backups', 'x')",
            "RESTORE TABLE t FROM S3('https://x')",
            "SELECT 1 SETTINGS format_schema = '/etc/passwd:Message'",
            "SELECT 1 FORMAT Template SETTINGS format_template_resultset = '/etc/hostname'",
            "SET output_format_schema = '/tmp/x.proto'",
            "SELECT 1 SETTINGS dialect = 'prql'",
            "SET polyglot_dialect = 'duckdb'",
            "SELECT 1 SETTINGS input_format_record_errors_file_path = '/tmp/e'",
            "SELECT 1 AS x SETTINGS additional_result_filter = 'x < length(file(''/etc/hostname''))'",
            "SELECT * FROM system.one SETTINGS additional_table_filters = {'system.one': 'dummy < length(file(''/x''))'}",
            "DROP TABLE t SETTINGS database_atomic_wait_for_drop_and_detach_synchronously = 1"})
    void a_statement_that_reaches_the_host_is_refused_with_access_denied(String sql) {
        assertThatThrownBy(() -> StatementGuard.require(segment(sql), "grafana"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isIn(497, 48);
                    assertThat(e.getMessage()).startsWith("Code: " + e.code() + ". DB::Exception: ");
                    if (e.code() == 497) {
                        assertThat(e.getMessage()).contains("grafana: Not enough privileges").endsWith("(ACCESS_DENIED)");
                        assertThat(HttpStatusMapping.statusFor(e.code())).isEqualTo(403);
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT url, path(url), domain(url) FROM otel.otel_traces WHERE url = 'file(x)'",
            "SELECT 'file(''/etc/shadow'')', 'INTO OUTFILE'",
            "SELECT $$file('/etc/shadow')$$",
            "SELECT count(file) FROM t",
            "SELECT file FROM t INTO  TABLE x",
            "SELECT format('{} {}', 'a', 'b'), formatRow('CSV', 1)",
            "SELECT * FROM format(JSONEachRow, '{\"a\": 1}')",
            "SELECT * FROM numbers(10)",
            "SELECT * FROM system.table_functions",
            "SELECT * FROM remote_table",
            "SELECT URLHierarchy('http://x/y'), decodeURLComponent('%20')",
            "CREATE TABLE otel.t (file String, url String) ENGINE = MergeTree ORDER BY file",
            "CREATE TABLE t ENGINE = ReplacingMergeTree(version) ORDER BY id AS SELECT 1 AS id, 1 AS version",
            "INSERT INTO t (file, url) VALUES ('a', 'b')",
            "INSERT INTO t FORMAT JSONEachRow {\"x\": \"file('/etc/shadow')\"}",
            "INSERT INTO t FORMAT TSV\nfile('/etc/shadow')\n",
            "INSERT INTO t VALUES (1, 'a'),\n(2, [(3, 'file(x)')]),\n(4, {'k': (5)}), ( 6 , 'https://x//y')",
            "SYSTEM FLUSH LOGS",
            "SYSTEM STOP MERGES otel.t",
            "SYSTEM DROP MARK CACHE",
            "SYSTEM WAIT LOADING PARTS otel.t",
            "SELECT 1 SETTINGS max_execution_time = 5, use_top_k_dynamic_filtering = 0",
            "ATTACH TABLE otel.t",
            "DROP TABLE IF EXISTS otel.t SYNC",
            "SELECT name FROM system.settings WHERE name = 'format_schema'"})
    void a_statement_that_only_looks_like_one_passes(String sql) {
        assertThatCode(() -> StatementGuard.require(segment(sql), "default")).doesNotThrowAnyException();
    }

    @Test
    void a_name_padded_with_escapes_that_read_as_nothing_is_still_read_as_the_name() {
        String padding = "\\N".repeat(100);

        for (String sql : new String[] {"SELECT * FROM `f" + padding + "ile`('/etc/shadow')",
                "SELECT * FROM format('Val" + padding + "ues', 'x String', '(1)')",
                "SELECT * FROM `f" + "\\N".repeat(40_000) + "ile`('/etc/shadow')"}) {
            assertThatThrownBy(() -> StatementGuard.require(segment(sql), "default"))
                    .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(497));
        }
    }

    @Test
    void a_refused_setting_in_the_URL_is_refused_before_the_statement_is_read() {
        assertThatThrownBy(() -> StatementGuard.requireSettings(List.of("max_threads", "Format_Schema"), "default"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(497))
                .hasMessageContaining("format_schema");
        assertThatCode(() -> StatementGuard.requireSettings(List.of("max_threads", "max_execution_time"), "default"))
                .doesNotThrowAnyException();
    }

    @Test
    void every_refused_call_is_named_in_lower_case_so_case_never_matters() {
        assertThat(StatementGuard.HOST_REACHING_CALLS).allSatisfy(name -> assertThat(name).isLowerCase());
    }

    private static MemorySegment segment(String sql) {
        return MemorySegment.ofArray(sql.getBytes(StandardCharsets.UTF_8));
    }
}
