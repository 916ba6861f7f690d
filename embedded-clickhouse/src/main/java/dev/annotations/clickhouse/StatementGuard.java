package dev.annotations.clickhouse;

import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, for every client of the HTTP interface, the statements that would reach beyond the engine's
 * own tables: the host's files, the network, other processes, the process itself. chDB runs as
 * clickhouse-local does, trusting its caller: {@code file()} reads any path ({@code user_files_path} is
 * not checked in local mode), {@code url()} fetches from any address, {@code INTO OUTFILE} writes
 * anywhere and {@code SYSTEM SHUTDOWN} signals the whole process group. Where the engine has a control of
 * its own it is used instead ({@code readonly} for read-only accounts, see {@link ReadOnlySettings}; the
 * file-path tables of the {@code default} database are removed, see {@link DefaultDatabase}); what is
 * left is refused here, by the engine's tokens ({@link SqlTokens}), so comments, quoting, case, escapes
 * and whitespace hide nothing. A refusal answers as a server's ACCESS_DENIED (code 497, HTTP 403).
 *
 * <p>The insert spool's own {@code file(...)} is written after this check, so it is never refused.
 * The module README's security section lists what is refused and why.
 */
final class StatementGuard {
    static final int ACCESS_DENIED = 497;
    static final int NOT_IMPLEMENTED = 48;
    private static final int SCAN_CHUNK = 64 * 1024;

    /**
     * Called with {@code (}: table functions, table and database engines, and functions that read files,
     * open connections or start processes. Compared without regard to case.
     */
    static final Set<String> HOST_REACHING_CALLS = lowerCase(
            // files and directories of the host
            "file", "fileCluster", "filesystem", "FileLog", "sqlite", "EmbeddedRocksDB", "disk",
            "input", "arrowstream", "Backup",
            // other servers, by URL or by protocol
            "url", "urlCluster", "remote", "remoteSecure", "cluster", "clusterAllReplicas", "hasColumnInTable",
            "s3", "s3Cluster", "S3Queue", "gcs", "oss", "cosn", "azureBlobStorage", "azureBlobStorageCluster",
            "AzureQueue", "hdfs", "hdfsCluster", "hive", "mysql", "MaterializedMySQL", "postgresql",
            "MaterializedPostgreSQL", "mongodb", "redis", "jdbc", "odbc", "Kafka", "RabbitMQ", "NATS", "ytsaurus",
            "DataLakeCatalog", "python",
            // data lakes, local or remote
            "iceberg", "icebergS3", "icebergAzure", "icebergHDFS", "icebergLocal", "icebergCluster",
            "icebergS3Cluster", "icebergAzureCluster", "icebergHDFSCluster", "icebergLocalCluster",
            "deltaLake", "deltaLakeS3", "deltaLakeAzure", "deltaLakeLocal", "deltaLakeCluster",
            "deltaLakeS3Cluster", "deltaLakeAzureCluster", "hudi", "hudiCluster",
            "paimon", "paimonS3", "paimonAzure", "paimonHDFS", "paimonLocal", "paimonCluster", "paimonS3Cluster",
            "paimonAzureCluster", "paimonHDFSCluster",
            // other processes
            "executable", "executablePool");

    /**
     * Settings that name a host file to read or write, hold SQL expressions in a string (where a call would
     * hide from this check), or switch the parser to another language.
     */
    static final Map<String, String> REFUSED_SETTINGS = Map.ofEntries(
            Map.entry("format_schema", "it reads a schema file of the host"),
            Map.entry("format_template_resultset", "it reads a template file of the host"),
            Map.entry("format_template_row", "it reads a template file of the host"),
            Map.entry("output_format_schema", "it writes a schema file on the host"),
            Map.entry("input_format_record_errors_file_path", "it writes a file on the host"),
            Map.entry("rename_files_after_processing", "it renames files of the host"),
            Map.entry("additional_result_filter", "its value is an expression, run without being checked here"),
            Map.entry("additional_table_filters", "its values are expressions, run without being checked here"),
            Map.entry("parallel_replicas_custom_key", "its value is an expression, run without being checked here"),
            Map.entry("dialect", "it parses the statement as another language than the one checked here"),
            Map.entry("polyglot_dialect", "it parses the statement as another language than the one checked here"),
            Map.entry("allow_experimental_kusto_dialect", "it parses statements as another language"),
            Map.entry("allow_experimental_prql_dialect", "it parses statements as another language"));

    /** chDB never completes the drops this waits for (see {@link SynchronousDrop}). */
    static final String SYNCHRONOUS_DROP_SETTING = "database_atomic_wait_for_drop_and_detach_synchronously";

    /** SYSTEM statements that only touch the engine's own tables and caches; every other one is refused. */
    private static final Set<String> SYSTEM_ALLOWED = Set.of(
            "flush", "start", "stop", "refresh", "cancel", "load", "unload", "prewarm");

    private StatementGuard() {
    }

    /** Refuses the request's URL settings that {@link #REFUSED_SETTINGS} lists. */
    static void requireSettings(Collection<String> names, String user) {
        for (String name : names) {
            refusedSetting(name.toLowerCase(Locale.ROOT)).ifPresent(refusal -> {
                throw refusal.exception(user);
            });
        }
    }

    /**
     * Refuses {@code query} when it would reach the host. For an inline INSERT only the statement is read,
     * not its data, unless the data is in the Values format ({@code VALUES} or {@code FORMAT Values}),
     * whose expressions the engine evaluates.
     */
    static void require(MemorySegment query, String user) {
        Optional<InlineInsert> insert = InlineInsert.find(query);
        long statementEnd = insert.map(found -> (long) found.dataOffset()).orElse(query.byteSize());
        Optional<Refusal> found = refusal(query, statementEnd);
        if (found.isEmpty() && insert.isPresent() && insert.get().format().equalsIgnoreCase("Values")) {
            MemorySegment rows = query.asSlice(statementEnd);
            if (mayCallAFunction(rows)) {
                found = refusal(rows, rows.byteSize());
            }
        }
        found.ifPresent(refusal -> {
            throw refusal.exception(user);
        });
    }

    /**
     * Whether Values rows may hold a function call: a {@code (} after anything but blanks and {@code ,},
     * {@code (}, {@code [}, {@code {} or {@code :}. Plain rows of literals ({@code (1, 'a'), (2, 'b')}) do not,
     * and are then not lexed at all: reading a 35 MB VALUES body token by token costs ~0.3 s, this scan
     * ~0.05 s. A call's name, a quote, a comment's end ({@code /}, or the line break after {@code --},
     * {@code //} or {@code #} anywhere on its line) or a non-ASCII blank before the parenthesis all count as
     * doubt, and doubt lexes the rows.
     */
    static boolean mayCallAFunction(MemorySegment rows) {
        int previous = ',';
        boolean lineMayEndAComment = false;
        byte[] chunk = new byte[(int) Math.min(SCAN_CHUNK, rows.byteSize())];
        for (long offset = 0; offset < rows.byteSize(); offset += chunk.length) {
            // one byte of overlap would be needed for "--" across chunks: the last byte is kept for the next one
            int length = (int) Math.min(chunk.length, rows.byteSize() - offset);
            MemorySegment.copy(rows, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, chunk, 0, length);
            for (int i = 0; i < length; i++) {
                int c = chunk[i] & 0xFF;
                if (c == '(') {
                    if (previous != ',' && previous != '(' && previous != '[' && previous != '{' && previous != ':') {
                        return true;
                    }
                    previous = c;
                } else if (c == '\n') {
                    if (lineMayEndAComment) {
                        previous = '\n';
                    }
                    lineMayEndAComment = false;
                } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != 0x0B) {
                    // "--" and "//" are seen at their second character, so a chunk boundary between them is no matter
                    if (c == '#' || ((c == '-' || c == '/') && previous == c)) {
                        lineMayEndAComment = true;
                    }
                    previous = c;
                }
            }
        }
        return false;
    }

    /** Why a statement is refused: what it names, why that is refused, and the code to answer. */
    record Refusal(String what, String why, int code) {
        ClickHouseException exception(String user) {
            if (code == NOT_IMPLEMENTED) {
                return new ClickHouseException(code, "Code: 48. DB::Exception: The embedded engine does not run "
                        + what + ": " + why + ". (NOT_IMPLEMENTED)");
            }
            return new ClickHouseException(code, "Code: 497. DB::Exception: " + user + ": Not enough privileges. "
                    + "The embedded engine's HTTP interface does not run " + what + ": " + why + ". (ACCESS_DENIED)");
        }
    }

    /** A significant token as the rules remember it. */
    private record Token(SqlTokens.Type type, String value, char symbol) {
        static final Token NONE = new Token(SqlTokens.Type.OTHER, null, (char) 0);

        /** Only a name's value is read: it is what the rules look back at. */
        static Token of(SqlTokens tokens) {
            char symbol = tokens.type() == SqlTokens.Type.SYMBOL ? tokens.symbol() : 0;
            return new Token(tokens.type(), tokens.type() == SqlTokens.Type.NAME ? tokens.value() : null, symbol);
        }

        /** The lower-cased name, or null when this is not a name. */
        String name() {
            return type == SqlTokens.Type.NAME ? value : null;
        }

        boolean isName(String lowerCase) {
            return lowerCase.equals(name());
        }
    }

    static Optional<Refusal> refusal(MemorySegment query, long end) {
        SqlTokens tokens = new SqlTokens(query, end);
        if (tokens.next() == SqlTokens.Type.END) {
            return Optional.empty();
        }
        String firstWord = tokens.type() == SqlTokens.Type.NAME && tokens.value() != null ? tokens.value() : "";
        Optional<Refusal> statement = statementRefusal(firstWord, query, end);
        if (statement.isPresent()) {
            return statement;
        }
        Token before = Token.NONE;
        Token previous = Token.NONE;
        for (SqlTokens.Type type = tokens.type(); type != SqlTokens.Type.END; type = tokens.next()) {
            if (type == SqlTokens.Type.UNDECIDED) {
                return Optional.of(new Refusal("this statement", "it holds too many '$' heredoc candidates to be "
                        + "checked for host access", ACCESS_DENIED));
            }
            Token current = Token.of(tokens);
            if (SqlTokens.UNREADABLE.equals(current.value())) {
                return Optional.of(new Refusal("this statement", "it holds a quoted name longer than 64 KiB, too "
                        + "long to be checked for host access", ACCESS_DENIED));
            }
            Optional<Refusal> found = pairRefusal(firstWord, before, previous, current, tokens);
            if (found.isPresent()) {
                return found;
            }
            before = previous;
            previous = current;
        }
        return Optional.empty();
    }

    /** The rules that look at a token and the one or two before it. */
    private static Optional<Refusal> pairRefusal(String firstWord, Token before, Token previous, Token current,
                                                 SqlTokens tokens) {
        String previousName = previous.name();
        if (current.symbol() == '(' && previousName != null && HOST_REACHING_CALLS.contains(previousName)) {
            return Optional.of(new Refusal("`" + previousName + "(…)`", "it reaches the host's files, network or "
                    + "processes", ACCESS_DENIED));
        }
        if (current.symbol() == '=' && previousName != null) {
            Optional<Refusal> setting = refusedSetting(previousName);
            if (setting.isPresent()) {
                return setting;
            }
        }
        String name = current.name();
        if (name != null) {
            if (previous.isName("into") && name.equals("outfile")) {
                return Optional.of(new Refusal("INTO OUTFILE", "it writes a file on the host", ACCESS_DENIED));
            }
            if (previous.isName("from") && name.equals("infile")) {
                return Optional.of(new Refusal("FROM INFILE", "it reads a file of the host", ACCESS_DENIED));
            }
            boolean afterEngine = previous.isName("engine") || (previous.symbol() == '=' && before.isName("engine"));
            if (afterEngine && HOST_REACHING_CALLS.contains(name)) {
                return Optional.of(new Refusal("ENGINE = " + name, "it reaches the host's files, network or "
                        + "processes", ACCESS_DENIED));
            }
        }
        // format(Values, …, '<data>') evaluates the expressions inside its data string
        boolean firstFormatArgument = previous.symbol() == '(' && before.isName("format");
        boolean maybeValues = current.type() != SqlTokens.Type.SYMBOL
                && ("values".equals(tokens.value()) || SqlTokens.UNREADABLE.equals(tokens.value()));
        if (firstFormatArgument && (current.symbol() == '{' || maybeValues)) {
            return Optional.of(new Refusal("`format(Values, …)`", "the Values format evaluates the expressions in "
                    + "its data, which are not checked here", ACCESS_DENIED));
        }
        if (firstWord.equals("attach") && previous.isName("from") && current.type() == SqlTokens.Type.STRING) {
            return Optional.of(new Refusal("ATTACH … FROM '<path>'", "it moves a directory of the host into the "
                    + "engine", ACCESS_DENIED));
        }
        return Optional.empty();
    }

    /** Rules about the whole statement, decided from its first words (read with a lexer of their own). */
    private static Optional<Refusal> statementRefusal(String firstWord, MemorySegment query, long end) {
        SqlTokens tokens = new SqlTokens(query, end);
        tokens.next();
        switch (firstWord) {
            case "backup", "restore" -> {
                return Optional.of(new Refusal(firstWord.toUpperCase(Locale.ROOT), "backups are written to and read "
                        + "from the host's files or other servers", ACCESS_DENIED));
            }
            case "system" -> {
                return systemRefusal(tokens);
            }
            case "create", "attach", "replace" -> {
                return dictionaryRefusal(tokens);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Looks ahead of the first word: the SYSTEM command's words. */
    private static Optional<Refusal> systemRefusal(SqlTokens tokens) {
        StringBuilder command = new StringBuilder("SYSTEM");
        String verb = null;
        String last = null;
        String second = null;
        for (SqlTokens.Type type = tokens.next(); type == SqlTokens.Type.NAME; type = tokens.next()) {
            String word = tokens.value() == null ? "" : tokens.value();
            command.append(' ').append(word.toUpperCase(Locale.ROOT));
            if (verb == null) {
                verb = word;
            } else if (second == null) {
                second = word;
            }
            last = word;
        }
        boolean allowed = verb != null && (SYSTEM_ALLOWED.contains(verb)
                || (verb.equals("drop") && last != null && (last.equals("cache") || last.equals("caches")))
                || (verb.equals("wait") && ("loading".equals(second) || "view".equals(second))));
        return allowed ? Optional.empty() : Optional.of(new Refusal(command.toString(), "it acts on the process or "
                + "the host, not only on the engine's tables", ACCESS_DENIED));
    }

    /** Dictionaries load from sources outside the engine (files, URLs, other servers, executables). */
    private static Optional<Refusal> dictionaryRefusal(SqlTokens tokens) {
        for (int i = 0; i < 3 && tokens.next() == SqlTokens.Type.NAME; i++) {
            String word = tokens.value();
            if ("dictionary".equals(word)) {
                return Optional.of(new Refusal("CREATE DICTIONARY", "dictionaries load from sources outside the "
                        + "engine: files, URLs, other servers, executables", ACCESS_DENIED));
            }
            if (!"or".equals(word) && !"replace".equals(word)) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refusedSetting(String name) {
        if (name.equals(SYNCHRONOUS_DROP_SETTING)) {
            return Optional.of(new Refusal("the setting " + SYNCHRONOUS_DROP_SETTING, "chDB never completes the "
                    + "drops it waits for, so every DROP would hang; DROP … SYNC is answered once the table is gone "
                    + "from the catalog", NOT_IMPLEMENTED));
        }
        String why = REFUSED_SETTINGS.get(name);
        return why == null ? Optional.empty() : Optional.of(new Refusal("the setting " + name, why, ACCESS_DENIED));
    }

    private static Set<String> lowerCase(String... names) {
        return java.util.Arrays.stream(names).map(name -> name.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
