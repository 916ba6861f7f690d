package dev.annotations.api.scoreconfig;

import dev.annotations.api.http.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Where a page of configs ended: opaque to clients (base64url of {@code name \n id}). */
public record ConfigCursor(String name, UUID id) {
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((name + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static ConfigCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int newline = text.lastIndexOf('\n');
            return new ConfigCursor(text.substring(0, newline), UUID.fromString(text.substring(newline + 1)));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
