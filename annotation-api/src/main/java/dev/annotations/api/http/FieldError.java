package dev.annotations.api.http;

/** One invalid field of a request: {@code field} is a JSON path such as {@code role} or {@code items[2].name}. */
public record FieldError(String field, String message) {
}
