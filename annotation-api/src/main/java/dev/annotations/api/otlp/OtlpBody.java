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

    /** Thrown for a content encoding other than gzip or identity (415). */
    static final class UnsupportedEncoding extends RuntimeException {
        UnsupportedEncoding(String message) {
            super(message);
        }
    }

    static byte[] decode(byte[] body, String contentEncoding, long maxDecodedBytes) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, maxDecodedBytes);
            default -> throw new UnsupportedEncoding("Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
        };
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
