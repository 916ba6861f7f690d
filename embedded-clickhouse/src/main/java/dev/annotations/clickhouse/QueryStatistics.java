package dev.annotations.clickhouse;

/** What the engine reports about one query; sent to HTTP clients as {@code X-ClickHouse-Summary}. */
public record QueryStatistics(long readRows, long readBytes, long writtenRows, long writtenBytes, long elapsedNanos) {
}
