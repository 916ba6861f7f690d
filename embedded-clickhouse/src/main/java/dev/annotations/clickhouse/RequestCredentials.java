package dev.annotations.clickhouse;

import com.sun.net.httpserver.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The user and password a request presents, found where a ClickHouse server looks for them
 * ({@code authenticateUserByHTTP}): the {@code X-ClickHouse-User} / {@code X-ClickHouse-Key} headers,
 * else HTTP Basic authentication, else the {@code user} / {@code password} URL parameters, else the
 * {@code default} user with an empty password. Two of these at once are refused, as a server refuses them.
 */
record RequestCredentials(String user, String password) {
    static final int AUTHENTICATION_FAILED = 516;

    static RequestCredentials from(Headers headers, Map<String, String> parameters) {
        String headerUser = orEmpty(headers.getFirst("X-ClickHouse-User"));
        String headerKey = orEmpty(headers.getFirst("X-ClickHouse-Key"));
        String authorization = headers.getFirst("Authorization");
        boolean inParameters = parameters.containsKey("user") || parameters.containsKey("password");
        if (!headerUser.isEmpty() || !headerKey.isEmpty()) {
            if (authorization != null) {
                throw bothAt("X-ClickHouse HTTP headers", "Authorization HTTP header");
            }
            if (inParameters) {
                throw bothAt("X-ClickHouse HTTP headers", "authentication via parameters");
            }
            return nonEmptyUser(headerUser, headerKey, "X-ClickHouse HTTP headers");
        }
        if (authorization != null) {
            if (inParameters) {
                throw bothAt("Authorization HTTP header", "authentication via parameters");
            }
            return basic(authorization);
        }
        return nonEmptyUser(parameters.getOrDefault("user", "default"), parameters.getOrDefault("password", ""),
                "authentication via parameters");
    }

    private static RequestCredentials basic(String authorization) {
        String trimmed = authorization.strip();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            throw failed("Invalid authentication: '" + scheme + "' HTTP Authorization scheme is not supported");
        }
        String encoded = space < 0 ? "" : trimmed.substring(space + 1).strip();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw failed("Invalid authentication: the Authorization HTTP header is not valid Base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0
                ? nonEmptyUser(decoded, "", "Authorization HTTP header")
                : nonEmptyUser(decoded.substring(0, colon), decoded.substring(colon + 1), "Authorization HTTP header");
    }

    private static RequestCredentials nonEmptyUser(String user, String password, String method) {
        if (user.isEmpty()) {
            throw failed("Got an empty user name from " + method);
        }
        return new RequestCredentials(user, password);
    }

    private static ClickHouseException bothAt(String first, String second) {
        return failed("Invalid authentication: it is not allowed to use " + first + " and " + second + " simultaneously");
    }

    static ClickHouseException failed(String reason) {
        return new ClickHouseException(AUTHENTICATION_FAILED,
                "Code: 516. DB::Exception: " + reason + ". (AUTHENTICATION_FAILED)");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "RequestCredentials[user=" + user + "]";
    }
}
