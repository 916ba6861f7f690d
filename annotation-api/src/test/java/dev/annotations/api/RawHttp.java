package dev.annotations.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends requests byte for byte over a socket: what java.net.http refuses to send (a NUL in the path,
 * invalid percent-encoding, oversized URIs and headers, conflicting framing headers) and Jetty answers
 * itself. Every request is sent with {@code Connection: close}; the whole answer is read.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** A header, by case-insensitive name; the last one when repeated. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the final blank line) and {@code body}. The body
     * is written while the answer is read, as a browser does: a server may answer (413) and close before it
     * has read a large body, and that answer must not be lost to a broken pipe.
     */
    public static Response send(int port, String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String fullHead = head + (head.toLowerCase(Locale.ROOT).contains("\r\nconnection:") ? "" : "\r\nConnection: close")
                    + "\r\n\r\n";
            out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered without reading everything; its answer is read below
                }
            });
            Response response = parse(socket.getInputStream());
            writer.join();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Response send(int port, String head) {
        return send(port, head, new byte[0]);
    }

    /** {@code GET path} with a Host header. */
    public static Response get(int port, String path) {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: localhost");
    }

    private static Response parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new AssertionError("no HTTP response head in: " + new String(all, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, at + lineEnd + 2, size);
            at += lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
