package dev.annotations.api.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The request body with its {@code Content-Encoding} undone. Decompression stops at a fixed size, so a
 * small gzip bomb cannot fill the heap.
 */
final class OtlpBody {
    private OtlpBody() {
    }

    /** Thrown for a body that is too large once decompressed (413). */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** Whether the body can be decoded: no encoding, identity or gzip. */
    static boolean isSupported(String contentEncoding) {
        return switch (normalised(contentEncoding)) {
            case "", "identity", "gzip", "x-gzip" -> true;
            default -> false;
        };
    }

    /** The decoded body; callers check {@link #isSupported} first. */
    static byte[] decode(byte[] body, String contentEncoding, long maxDecodedBytes) {
        return switch (normalised(contentEncoding)) {
            case "gzip", "x-gzip" -> gunzip(body, maxDecodedBytes);
            case "", "identity" -> body;
            default -> throw new IllegalArgumentException("unsupported Content-Encoding " + contentEncoding);
        };
    }

    private static String normalised(String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    }

    private static byte[] gunzip(byte[] body, long maxDecodedBytes) {
        int limit = (int) Math.min(Integer.MAX_VALUE - 16, maxDecodedBytes);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] decoded = in.readNBytes(limit + 1);
            if (decoded.length > limit) {
                throw new TooLarge("the body exceeds " + maxDecodedBytes + " bytes once decompressed"
                        + " (ANNOTATION_OTLP_MAX_DECODED_BYTES)");
            }
            return decoded;
        } catch (ZipException | java.io.EOFException e) {
            throw new MalformedOtlpException("the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedOtlpException("the body could not be decompressed: " + e.getMessage());
        }
    }
}
