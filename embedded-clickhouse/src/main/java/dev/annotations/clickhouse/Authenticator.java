package dev.annotations.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accounts one port accepts. A request's password is compared with every account's in constant
 * time: both sides are SHA-256 digests (equal lengths, so {@link MessageDigest#isEqual} reads them
 * whole) and no comparison stops early, so neither the time nor the answer tells which part was wrong.
 */
final class Authenticator {
    private record Entry(EmbeddedClickHouse.Account account, byte[] user, byte[] passwordDigest) {
    }

    private final List<Entry> entries;

    Authenticator(List<EmbeddedClickHouse.Account> accounts) {
        entries = accounts.stream()
                .map(account -> new Entry(account, digest(account.user()), digest(account.password())))
                .toList();
    }

    /** The account the credentials name; otherwise ClickHouse's AUTHENTICATION_FAILED (516, answered 401). */
    EmbeddedClickHouse.Account authenticate(RequestCredentials credentials) {
        byte[] user = digest(credentials.user());
        byte[] password = digest(credentials.password());
        EmbeddedClickHouse.Account found = null;
        for (Entry entry : entries) {
            boolean userMatches = MessageDigest.isEqual(entry.user(), user);
            boolean passwordMatches = MessageDigest.isEqual(entry.passwordDigest(), password);
            if (userMatches & passwordMatches) {
                found = entry.account();
            }
        }
        if (found == null) {
            // the server's words; like a server it never says whether the user exists
            throw RequestCredentials.failed(credentials.user()
                    + ": Authentication failed: password is incorrect, or there is no user with such name");
        }
        return found;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
