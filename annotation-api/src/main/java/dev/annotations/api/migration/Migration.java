package dev.annotations.api.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One numbered schema change: a file {@code db/migration/V<version>__<name>.sql} whose statements are
 * separated by lines holding only {@code ;}. Every statement must be idempotent ({@code IF NOT EXISTS}),
 * because two instances starting at once may both run it.
 */
public record Migration(int version, String name, String template) {

    /** The statements with the placeholders for database, cluster and engines filled in. */
    public List<String> statements(MigrationTarget target) {
        String rendered = target.render(template);
        return Arrays.stream(rendered.split("(?m)^;\\s*$"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    /**
     * Identifies the file's content, so a migration edited after it ran is noticed. Taken with the Collector's
     * default table names in place of {@code ${tracesTable}} and its siblings: the same schema change whatever
     * the tables are called, and unchanged for a file whose literal {@code otel_traces} became the placeholder.
     */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(MigrationTarget.withDefaultTables(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
