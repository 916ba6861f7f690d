package dev.annotations.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A query the engine refused, with ClickHouse's numeric error code and its message text. */
public final class ClickHouseException extends RuntimeException {
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");
    /** ClickHouse's generic code for exceptions that carry no code of their own. */
    static final int UNKNOWN_EXCEPTION = 1002;

    private final int code;

    public ClickHouseException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** Builds the exception from engine text such as {@code "Code: 62. DB::Exception: Syntax error ..."}. */
    static ClickHouseException fromEngineMessage(String message) {
        Matcher matcher = CODE.matcher(message);
        if (matcher.find()) {
            return new ClickHouseException(Integer.parseInt(matcher.group(1)), message.strip());
        }
        return new ClickHouseException(UNKNOWN_EXCEPTION,
                "Code: " + UNKNOWN_EXCEPTION + ". DB::Exception: " + message.strip());
    }

    public int code() {
        return code;
    }
}
