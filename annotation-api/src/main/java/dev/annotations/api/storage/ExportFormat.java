package dev.annotations.api.storage;

import com.clickhouse.data.ClickHouseFormat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The file formats exports write, each written by ClickHouse itself: CSV (RFC 4180: header, CRLF line ends,
 * quotes doubled) and Parquet are ClickHouse's output formats; JSON lines and chat lines are one JSON object
 * per line, assembled in SQL and written raw ({@code TabSeparatedRaw} of one column).
 */
public enum ExportFormat {
    JSONL("jsonl", "application/x-ndjson", ClickHouseFormat.TabSeparatedRaw),
    CSV("csv", "text/csv; charset=utf-8", ClickHouseFormat.CSVWithNames),
    PARQUET("parquet", "application/vnd.apache.parquet", ClickHouseFormat.Parquet),
    CHAT_JSONL("chat-jsonl", "application/x-ndjson", ClickHouseFormat.TabSeparatedRaw);

    private final String parameter;
    private final String contentType;
    private final ClickHouseFormat clickHouseFormat;

    ExportFormat(String parameter, String contentType, ClickHouseFormat clickHouseFormat) {
        this.parameter = parameter;
        this.contentType = contentType;
        this.clickHouseFormat = clickHouseFormat;
    }

    /** The value of {@code format=} that names this format. */
    public String parameter() {
        return parameter;
    }

    public String contentType() {
        return contentType;
    }

    /** The file name extension of a download. */
    public String extension() {
        return this == CHAT_JSONL ? "chat.jsonl" : parameter;
    }

    /** True for the formats with one JSON object per line, which SQL assembles. */
    public boolean lines() {
        return this == JSONL || this == CHAT_JSONL;
    }

    public ClickHouseFormat clickHouseFormat() {
        return clickHouseFormat;
    }

    /** ClickHouse settings the format is written with. */
    public Map<String, String> settings() {
        return switch (this) {
            case CSV -> Map.of("output_format_csv_crlf_end_of_line", "1");
            case PARQUET -> Map.of("output_format_parquet_string_as_string", "1");
            default -> Map.of();
        };
    }

    public static Optional<ExportFormat> fromParameter(String value) {
        return Arrays.stream(values()).filter(format -> format.parameter.equals(value)).findFirst();
    }

    /** The accepted values of {@code format=}, for error messages: {@code jsonl, csv, parquet, chat-jsonl}. */
    public static String accepted() {
        return Arrays.stream(values()).map(ExportFormat::parameter).collect(Collectors.joining(", "));
    }
}
