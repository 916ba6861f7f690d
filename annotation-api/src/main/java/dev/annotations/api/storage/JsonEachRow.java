package dev.annotations.api.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/**
 * Rows as ClickHouse's JSONEachRow — one JSON object per line — for {@link ClickHouseStorage#insertJsonEachRow}.
 * Every writer of rows uses this, so they agree on the format.
 */
public final class JsonEachRow {
    private static final DateTimeFormatter DATETIME64_3 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes one row's fields; the object around them is written for it. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(JsonGenerator json, T row) throws IOException;
    }

    private JsonEachRow() {
    }

    /** A {@code DateTime64(3, 'UTC')} value as JSONEachRow input takes it: {@code 2026-12-01 09:30:00.123}. */
    public static String dateTime64(Instant instant) {
        return DATETIME64_3.format(instant);
    }

    public static <T> byte[] encode(Collection<T> rows, RowWriter<T> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, rows.size() * 512));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(new SerializedString("\n"));
            for (T row : rows) {
                json.writeStartObject();
                writer.write(json, row);
                json.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Rows given as column → value (strings, numbers, booleans or null). */
    public static byte[] encodeMaps(Collection<Map<String, Object>> rows) {
        return encode(rows, (json, row) -> {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                json.writeFieldName(column.getKey());
                json.writeObject(column.getValue());
            }
        });
    }

    /** A {@code Map(String, String)} column; with a null field name, a map inside an array (Nested columns). */
    public static void writeStringMap(JsonGenerator json, String field, Map<String, String> map) throws IOException {
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
