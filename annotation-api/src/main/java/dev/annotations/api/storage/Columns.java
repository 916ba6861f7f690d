package dev.annotations.api.storage;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Small helpers for hand-declared jOOQ columns. Timestamps are stored as {@code DateTime64(3, 'UTC')}
 * and cross the driver as UTC wall-clock {@link LocalDateTime}s; the Collector's {@code DateTime64(9)}
 * span times cross it as nanoseconds since the epoch, exact and free of time-zone handling.
 */
public final class Columns {
    private Columns() {
    }

    public static Field<String> string(String name) {
        return DSL.field(DSL.name(name), SQLDataType.VARCHAR);
    }

    public static Field<UUID> uuid(String name) {
        return DSL.field(DSL.name(name), SQLDataType.UUID);
    }

    public static Field<Long> int64(String name) {
        return DSL.field(DSL.name(name), SQLDataType.BIGINT);
    }

    public static Field<Boolean> bool(String name) {
        return DSL.field(DSL.name(name), SQLDataType.BOOLEAN);
    }

    public static Field<Double> float64(String name) {
        return DSL.field(DSL.name(name), SQLDataType.DOUBLE);
    }

    public static Field<Integer> int32(String name) {
        return DSL.field(DSL.name(name), SQLDataType.INTEGER);
    }

    public static Field<String[]> stringArray(String name) {
        return DSL.field(DSL.name(name), SQLDataType.VARCHAR.array());
    }

    public static Field<java.util.Map<String, String>> stringMap(String name) {
        return DSL.field(DSL.name(name), SQLDataType.OTHER.asConvertedDataType(new MapBinding()));
    }

    public static Field<LocalDateTime> timestamp(String name) {
        return DSL.field(DSL.name(name), SQLDataType.LOCALDATETIME(3));
    }

    /** A {@code DateTime64(9)} value as nanoseconds since the epoch. */
    public static Field<Long> epochNanos(Field<?> dateTime64) {
        return DSL.field("toUnixTimestamp64Nano({0})", SQLDataType.BIGINT, dateTime64);
    }

    /** An instant as a {@code DateTime64(9)} value, to compare with such columns; bound, never inlined. */
    public static Field<Object> dateTime64(Instant instant) {
        return DSL.field("fromUnixTimestamp64Nano({0})", Object.class, DSL.val(nanos(instant)));
    }

    /** Nanoseconds since the epoch: {@code DateTime64(9)}'s own representation. */
    public static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    /** A row version: microseconds since the epoch, so later writes win. */
    public static long versionAt(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    /** {@code <table> FINAL}: the merged view of a ReplacingMergeTree, newest version per key. */
    public static Table<?> finalView(Table<?> table) {
        return DSL.table("{0} FINAL", table);
    }
}
