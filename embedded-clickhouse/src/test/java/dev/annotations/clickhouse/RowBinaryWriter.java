package dev.annotations.clickhouse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes rows in ClickHouse's RowBinary format (values back to back, little-endian numbers, strings
 * and collection sizes prefixed with their LEB128 length), for inserts that skip text parsing.
 * Public for the benchmark in {@code bench/}.
 */
public final class RowBinaryWriter {
    private byte[] buffer;
    private int size;

    public RowBinaryWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes copied as they are, e.g. the {@code INSERT ... FORMAT RowBinary\n} statement before the rows. */
    public RowBinaryWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public RowBinaryWriter uint8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public RowBinaryWriter uint64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** DateTime64(9): the Int64 count of nanoseconds since the epoch. */
    public RowBinaryWriter dateTime64Nanos(Instant instant) {
        return uint64(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
    }

    /** UUID: the high 64 bits, then the low 64 bits, each as a little-endian UInt64. */
    public RowBinaryWriter uuid(UUID uuid) {
        return uint64(uuid.getMostSignificantBits()).uint64(uuid.getLeastSignificantBits());
    }

    /** String and LowCardinality(String) are written the same way. */
    public RowBinaryWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A String column holding arbitrary bytes (ClickHouse strings need not be UTF-8). */
    public RowBinaryWriter bytes(byte[] value) {
        leb128(value.length);
        return raw(value);
    }

    public RowBinaryWriter stringArray(List<String> values) {
        leb128(values.size());
        values.forEach(this::string);
        return this;
    }

    /** Map(String-like, String): the entry count, then key, value, key, value... */
    public RowBinaryWriter stringMap(Map<String, String> map) {
        leb128(map.size());
        map.forEach((key, value) -> string(key).string(value));
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void leb128(long value) {
        long rest = value;
        do {
            int bits = (int) (rest & 0x7F);
            rest >>>= 7;
            uint8(rest == 0 ? bits : bits | 0x80);
        } while (rest != 0);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
        }
    }
}
