package dev.annotations.api.migration;

import dev.annotations.api.storage.ClickHouseFailures;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.StorageUnavailableException;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Brings the database up to the newest migration at start-up.
 *
 * <p>ClickHouse has no transactions or locks, so safety with several instances starting at once comes
 * from idempotence instead: every statement is {@code IF NOT EXISTS}, a migration is recorded only after
 * all its statements ran, and the record table is a ReplacingMergeTree keyed by version, so two
 * instances that both ran a migration leave one record. An "already exists" answer from a concurrent
 * creator counts as success.
 */
public final class Migrator {
    private static final Logger LOG = Logger.getLogger(Migrator.class.getName());
    private static final int TABLE_ALREADY_EXISTS = 57;
    private static final int DATABASE_ALREADY_EXISTS = 82;

    private static final Field<Long> VERSION = DSL.field(DSL.name("version"), SQLDataType.BIGINT);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.VARCHAR);
    private static final Field<String> CHECKSUM = DSL.field(DSL.name("checksum"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> APPLIED_AT = DSL.field(DSL.name("applied_at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<String> APPLIED_BY = DSL.field(DSL.name("applied_by"), SQLDataType.VARCHAR);

    private final ClickHouseStorage storage;
    private final List<Migration> migrations;
    private final MigrationTarget target;
    private final String instanceId;
    private final Clock clock;

    public Migrator(ClickHouseStorage storage, List<Migration> migrations, String instanceId, Clock clock) {
        this.storage = storage;
        this.migrations = migrations;
        this.target = new MigrationTarget(storage.database(), storage.cluster(), storage.collectorTables());
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** Runs every migration not yet recorded; returns the newest version now in place. */
    public int migrate() {
        createDatabaseAndRecordTable();
        Map<Integer, String> applied = appliedChecksums();
        for (Migration migration : migrations) {
            String recorded = applied.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.checksum())) {
                    throw new IllegalStateException("migration V" + migration.version() + "__" + migration.name()
                            + " was changed after it was applied; add a new migration instead");
                }
                continue;
            }
            try {
                for (String statement : migration.statements(target)) {
                    executeIdempotent(statement);
                }
                record(migration);
            } catch (StorageUnavailableException e) {
                // the cause stays attached: start-up reads from it whether retrying can help
                throw new StorageUnavailableException("migration V" + migration.version() + "__" + migration.name()
                        + " failed: " + ClickHouseFailures.reason(e), e);
            }
            LOG.info("applied migration V" + migration.version() + "__" + migration.name());
        }
        return migrations.isEmpty() ? 0 : migrations.getLast().version();
    }

    private void createDatabaseAndRecordTable() {
        executeIdempotent(target.render("CREATE DATABASE IF NOT EXISTS ${db} ${onCluster}"));
        executeIdempotent(target.render("""
                CREATE TABLE IF NOT EXISTS ${db}.annotation_schema_migrations ${onCluster} (
                    version UInt32,
                    name String,
                    checksum String,
                    applied_at DateTime64(3, 'UTC'),
                    applied_by String
                ) ENGINE = ${ReplacingMergeTree}(applied_at)
                ORDER BY version"""));
    }

    private Map<Integer, String> appliedChecksums() {
        Table<Record> table = DSL.table(storage.table("annotation_schema_migrations"));
        // Two instances may both have recorded a migration before the table merged their rows.
        return storage.call(dsl -> dsl.select(VERSION, CHECKSUM).from(table).fetch())
                .stream()
                .collect(Collectors.toMap(row -> row.value1().intValue(), row -> row.value2(), (a, b) -> a));
    }

    private void record(Migration migration) {
        Table<Record> table = DSL.table(storage.table("annotation_schema_migrations"));
        storage.call(dsl -> dsl.insertInto(table, VERSION, NAME, CHECKSUM, APPLIED_AT, APPLIED_BY)
                .values((long) migration.version(), migration.name(), migration.checksum(),
                        LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), instanceId)
                .execute());
    }

    private void executeIdempotent(String statement) {
        try {
            storage.executeStatement(statement);
        } catch (StorageUnavailableException e) {
            if (!createdConcurrently(e)) {
                throw e;
            }
            LOG.fine("created concurrently by another instance: " + statement.lines().findFirst().orElse(""));
        }
    }

    private static boolean createdConcurrently(StorageUnavailableException e) {
        return ClickHouseFailures.serverCode(e).filter(code -> code == TABLE_ALREADY_EXISTS || code == DATABASE_ALREADY_EXISTS)
                .isPresent();
    }
}
