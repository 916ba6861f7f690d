package dev.annotations.clickhouse;

import java.util.Map;

/**
 * The HTTP status a ClickHouse server answers for an exception code, for the codes clients act on
 * (after ClickHouse's {@code exceptionCodeToHTTPStatus}); every other code answers 500.
 */
final class HttpStatusMapping {
    private static final Map<Integer, Integer> STATUS_BY_CODE = Map.ofEntries(
            // authentication
            Map.entry(192, 401), Map.entry(193, 401), Map.entry(194, 401), Map.entry(516, 401),
            // authorisation
            Map.entry(164, 403), Map.entry(497, 403),
            // bad request: parse errors, wrong arguments, unknown settings and parameters
            Map.entry(6, 400), Map.entry(16, 400), Map.entry(20, 400), Map.entry(26, 400), Map.entry(27, 400),
            Map.entry(33, 400), Map.entry(36, 400), Map.entry(38, 400), Map.entry(41, 400), Map.entry(42, 400),
            Map.entry(43, 400), Map.entry(44, 400), Map.entry(53, 400), Map.entry(62, 400), Map.entry(69, 400),
            Map.entry(72, 400), Map.entry(115, 400), Map.entry(117, 400), Map.entry(352, 400), Map.entry(456, 400),
            Map.entry(457, 400),
            // not found
            Map.entry(46, 404), Map.entry(47, 404), Map.entry(50, 404), Map.entry(60, 404), Map.entry(73, 404),
            Map.entry(81, 404), Map.entry(372, 404),
            // request too large (413); unsupported feature, code 48 (501)
            Map.entry(QueryTooLarge.CODE, 413), Map.entry(48, 501));

    private HttpStatusMapping() {
    }

    static int statusFor(int exceptionCode) {
        return STATUS_BY_CODE.getOrDefault(exceptionCode, 500);
    }

    /** ClickHouse's QUERY_IS_TOO_LARGE, raised when a request body exceeds the configured limit. */
    static final class QueryTooLarge {
        static final int CODE = 393;

        private QueryTooLarge() {
        }
    }
}
