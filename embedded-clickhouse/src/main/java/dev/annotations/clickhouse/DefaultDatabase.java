package dev.annotations.clickhouse;

import java.util.regex.Pattern;

/**
 * Takes the host's files out of the {@code default} database.
 *
 * <p>chDB boots as clickhouse-local does: its {@code default} database is an overlay of an Atomic
 * database and a Filesystem database rooted at {@code /}, so a table name that is not a table is read as
 * a file path ({@code SELECT * FROM '/etc/shadow'}, {@code FROM default.`.env`}, relative to the working
 * directory), with no {@code user_files_path} check in local mode. At every start the overlay is detached
 * and its Atomic part attached again by its UUID, alone: the same tables, no file paths. The UUID is the
 * one chDB keeps in {@code metadata/default}, so the next start finds the same tables again.
 */
final class DefaultDatabase {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private DefaultDatabase() {
    }

    static void withoutHostFiles(ConnectionPool pool) {
        ChdbConnection connection;
        try {
            connection = pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the default database", e);
        }
        try {
            String[] engineAndUuid = connection.queryText(
                    "SELECT engine, toString(uuid) FROM system.databases WHERE name = 'default'", "TabSeparated")
                    .strip().split("\t");
            if (engineAndUuid.length != 2 || !engineAndUuid[0].equals("Overlay")) {
                return;
            }
            if (!UUID.matcher(engineAndUuid[1]).matches()) {
                throw new IllegalStateException("unexpected UUID of the default database: " + engineAndUuid[1]);
            }
            connection.queryText("DETACH DATABASE default", "TabSeparated");
            connection.queryText("ATTACH DATABASE default UUID '" + engineAndUuid[1] + "' ENGINE = Atomic",
                    "TabSeparated");
        } finally {
            pool.giveBack(connection);
        }
    }
}
