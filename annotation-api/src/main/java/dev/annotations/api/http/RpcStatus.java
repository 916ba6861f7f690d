package dev.annotations.api.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code google.rpc.Status} {@code {code, message}}: how the OTLP/HTTP specification wants failures
 * answered, in the request's encoding (binary protobuf or JSON). Encoded here by hand with protobuf's
 * writer: the message class is not part of opentelemetry-proto.
 */
public record RpcStatus(int code, String message) {
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    // google.rpc.Code values
    public static final int INVALID_ARGUMENT = 3;
    public static final int NOT_FOUND = 5;
    public static final int PERMISSION_DENIED = 7;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;
    public static final int UNAUTHENTICATED = 16;

    /** The Status for an HTTP error status, with the code gRPC's HTTP mapping gives it. */
    public static RpcStatus forHttp(int httpStatus, String message) {
        int code = switch (httpStatus) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> NOT_FOUND;
            case 405, 501 -> UNIMPLEMENTED;
            case 413, 429, 431 -> RESOURCE_EXHAUSTED;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> httpStatus >= 500 ? INTERNAL : INVALID_ARGUMENT;
        };
        return new RpcStatus(code, message);
    }

    /**
     * The encoding to answer a request of {@code requestContentType} in: protobuf for a protobuf request,
     * JSON otherwise (a request without a usable type still gets a readable Status).
     */
    public static String contentTypeFor(String requestContentType) {
        if (requestContentType == null) {
            return JSON;
        }
        String type = requestContentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(PROTOBUF) || type.equals("application/protobuf") ? PROTOBUF : JSON;
    }

    /** The Status encoded as {@code contentType} ({@link #PROTOBUF} or {@link #JSON}). */
    public byte[] encode(String contentType) {
        return PROTOBUF.equals(contentType) ? protobuf() : json();
    }

    public byte[] json() {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
        return ("{\"code\":" + code + ",\"message\":\"" + quoted + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] protobuf() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
