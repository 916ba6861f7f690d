package dev.annotations.api.otlp;

import java.util.Locale;
import java.util.Optional;

/** The two OTLP/HTTP encodings; the response uses the request's. */
enum OtlpEncoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    final String contentType;

    OtlpEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** From a Content-Type header (parameters such as charset ignored). */
    static Optional<OtlpEncoding> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> Optional.of(PROTOBUF);
            case "application/json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
