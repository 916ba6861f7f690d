package dev.annotations.api.otlp;

/** The request body cannot be decoded as the OTLP message its content type announces: answered 400. */
final class MalformedOtlpException extends RuntimeException {
    MalformedOtlpException(String message) {
        super(message);
    }
}
