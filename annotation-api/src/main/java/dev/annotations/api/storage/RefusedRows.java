package dev.annotations.api.storage;

import com.clickhouse.client.api.ServerException;
import com.fasterxml.jackson.core.JacksonException;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells an INSERT that failed because of the rows it carried (a value ClickHouse cannot parse or store,
 * or one the row encoder cannot write) from one that failed because ClickHouse is unavailable. Only the
 * first kind is worth splitting to find the offending rows; the second fails every row alike.
 */
public final class RefusedRows {
    /**
     * ClickHouse error codes that blame the data: parse failures (6 text, 25 escape sequence, 26 quoted
     * string, 27 assertion, 32 end of data, 38 date, 41 date-time, 72 number), bad or out-of-range values
     * (53, 69, 70, 117 incorrect data, 131 string too large, 321, 349 NULL in a plain column, 407).
     */
    private static final Set<Integer> DATA_CODES = Set.of(6, 25, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321, 349,
            407);
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");

    private RefusedRows() {
    }

    /** The reason, when {@code failure} blames the rows rather than ClickHouse's availability. */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException || cause instanceof IllegalArgumentException) {
                return Optional.of("the row could not be encoded: " + cause.getMessage());
            }
            if (cause instanceof ServerException server && DATA_CODES.contains(server.getCode())) {
                return Optional.of(firstLine(server.getMessage()));
            }
            if (cause.getMessage() != null) {
                Matcher code = CODE.matcher(cause.getMessage());
                if (code.find() && DATA_CODES.contains(Integer.parseInt(code.group(1)))) {
                    return Optional.of(firstLine(cause.getMessage().substring(code.start())));
                }
            }
        }
        return Optional.empty();
    }

    /** Stores the rows at positions [from, to) of a batch in one INSERT. */
    @FunctionalInterface
    public interface RangeInsert {
        void insert(int from, int to);
    }

    /** Told of the row at {@code index} of a batch that ClickHouse refused, alone, and why. */
    @FunctionalInterface
    public interface Refusal {
        void refused(int index, String reason);
    }

    /**
     * Inserts a batch's rows [from, to) with {@code insert}; when the failure blames the rows ({@link #reason}),
     * halves the range until each refused row is alone and hands it to {@code refused}. Any other failure is
     * thrown from the range it hit (ranges before it stay stored). At most 2·log2(n) INSERTs per refused row.
     */
    public static void isolate(int from, int to, RangeInsert insert, Refusal refused) {
        if (from >= to) {
            return;
        }
        try {
            insert.insert(from, to);
        } catch (RuntimeException e) {
            Optional<String> reason = reason(e);
            if (reason.isEmpty()) {
                throw e;
            }
            if (to - from == 1) {
                refused.refused(from, reason.get());
                return;
            }
            int half = from + (to - from) / 2;
            isolate(from, half, insert, refused);
            isolate(half, to, insert, refused);
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
