package dev.annotations.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one user the embedded engine's HTTP interface accepts: ClickHouse's {@code default} user unless
 * configured. As on a server, a user without a password (ClickHouse's {@code no_password}) accepts any
 * password; clickhouse-jdbc, for one, sends the text "null" when none is configured.
 */
record HttpCredentials(String user, String password) {
    private static final int AUTHENTICATION_FAILED = 516;

    void check(String givenUser, String givenPassword) {
        boolean userMatches = MessageDigest.isEqual(bytes(user), bytes(givenUser));
        boolean passwordMatches = password.isEmpty() || MessageDigest.isEqual(bytes(password), bytes(givenPassword));
        if (!userMatches || !passwordMatches) {
            throw new ClickHouseException(AUTHENTICATION_FAILED, "Code: 516. DB::Exception: " + givenUser
                    + ": Authentication failed: password is incorrect, or there is no user with such name. "
                    + "(AUTHENTICATION_FAILED)");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
