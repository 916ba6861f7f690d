package dev.annotations.api.auth;

import java.util.Optional;

/**
 * Resolves an API key's secret to the caller it stands for. Key management lives in the project feature,
 * which implements this; authorisation only needs the answer, so it stays below every feature.
 */
@FunctionalInterface
public interface KeyAuthenticator {
    /** The live key's principal, or empty for an unknown or revoked secret. */
    Optional<Principal> authenticate(String secret);
}
