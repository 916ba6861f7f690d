package dev.annotations.api.project;

import dev.annotations.api.auth.Role;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.storage.Columns;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.annotations.api.storage.Columns.instant;
import static dev.annotations.api.storage.Columns.utc;

/** The only SQL about API keys. A revocation is a new version of the key's row. */
public final class ApiKeyRepository {
    private static final Field<String> KEY_HASH = Columns.string("key_hash");
    private static final Field<UUID> ID = Columns.uuid("id");
    private static final Field<UUID> PROJECT_ID = Columns.uuid("project_id");
    private static final Field<String> NAME = Columns.string("name");
    private static final Field<String> ROLE = Columns.string("role");
    private static final Field<String> KEY_PREFIX = Columns.string("key_prefix");
    private static final Field<Boolean> CAN_CREATE_PROJECTS = Columns.bool("can_create_projects");
    private static final Field<java.time.LocalDateTime> CREATED_AT = Columns.timestamp("created_at");
    private static final Field<String> CREATED_BY = Columns.string("created_by");
    private static final Field<java.time.LocalDateTime> REVOKED_AT = Columns.timestamp("revoked_at");
    private static final Field<String> REVOKED_BY = Columns.string("revoked_by");
    private static final Field<Long> VERSION = Columns.int64("version");
    private static final List<SelectFieldOrAsterisk> COLUMNS = List.of(ID, PROJECT_ID, NAME, ROLE, KEY_HASH,
            KEY_PREFIX, CAN_CREATE_PROJECTS, CREATED_AT, CREATED_BY, REVOKED_AT, REVOKED_BY);

    private final ClickHouseStorage storage;
    private final Table<Record> table;
    private final Clock clock;

    public ApiKeyRepository(ClickHouseStorage storage, Clock clock) {
        this.storage = storage;
        this.table = DSL.table(storage.table("annotation_api_keys"));
        this.clock = clock;
    }

    public void insert(ApiKey key) {
        write(key);
    }

    /** Stores the revoked version of the key. */
    public ApiKey revoke(ApiKey key, String revokedBy) {
        ApiKey revoked = key.revoke(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), revokedBy);
        write(revoked);
        return revoked;
    }

    public Optional<ApiKey> findByHash(String keyHash) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(table))
                .where(KEY_HASH.eq(keyHash))
                .fetchOptional(ApiKeyRepository::toKey));
    }

    public Optional<ApiKey> findById(UUID projectId, UUID keyId) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(table))
                .where(PROJECT_ID.eq(projectId).and(ID.eq(keyId)))
                .fetchOptional(ApiKeyRepository::toKey));
    }

    public List<ApiKey> listByProject(UUID projectId) {
        return storage.call(dsl -> dsl.select(COLUMNS).from(Columns.finalView(table))
                .where(PROJECT_ID.eq(projectId))
                .orderBy(CREATED_AT, ID)
                .fetch(ApiKeyRepository::toKey));
    }

    private void write(ApiKey key) {
        // Versions order the rows of one key, so a revocation beats its creation.
        long version = Columns.versionAt(clock.instant());
        storage.call(dsl -> dsl.insertInto(table, KEY_HASH, ID, PROJECT_ID, NAME, ROLE, KEY_PREFIX, CAN_CREATE_PROJECTS,
                        CREATED_AT, CREATED_BY, REVOKED_AT, REVOKED_BY, VERSION)
                .values(key.keyHash(), key.id(), key.projectId(), key.name(), key.role().name(), key.keyPrefix(),
                        key.canCreateProjects(), utc(key.createdAt()), key.createdBy(),
                        utc(key.revokedAt().orElse(null)), key.revokedBy(), version)
                .execute());
    }

    private static ApiKey toKey(Record row) {
        return new ApiKey(row.get(ID), row.get(PROJECT_ID), row.get(NAME), Role.valueOf(row.get(ROLE)),
                row.get(KEY_HASH), row.get(KEY_PREFIX), Boolean.TRUE.equals(row.get(CAN_CREATE_PROJECTS)),
                instant(row.get(CREATED_AT)), row.get(CREATED_BY), Optional.ofNullable(instant(row.get(REVOKED_AT))),
                row.get(REVOKED_BY));
    }
}
