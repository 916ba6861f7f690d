package dev.annotations.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends requests byte for byte over a socket: what java.net.http refuses to send (a NUL in the path,
 * invalid percent-encoding, oversized URIs and headers, conflicting framing headers, control characters)
 * and Jetty answers itself. One request per connection; exactly one answer is read, by its framing
 * (Content-Length, chunked, or until the server closes), and then the client closes.
 */
public final class RawHttp {
    /** Bodies up to this size are sent with the head in one go; they fit the loopback socket buffers. */
    private static final int SMALL_BODY = 64 * 1024;

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
     * Sends {@code head} (request line and headers, without the final blank line) and {@code body}. A small
     * body goes out with the head, so the server has it before it answers. A large one is written while the
     * answer is read, as browsers do: a server may answer (413) before it has read it all, and that answer
     * must not be lost to a blocked write.
     */
    public static Response send(int port, String head, byte[] body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            boolean small = body.length <= SMALL_BODY;
            if (small) {
                first.write(body);
            }
            out.write(first.toByteArray());
            out.flush();
            Thread writer = small ? null : Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered without reading everything; its answer is read below
                }
            });
            Response response = read(new BufferedInputStream(socket.getInputStream()), head.startsWith("HEAD "));
            if (writer != null) {
                socket.shutdownOutput();
                writer.join();
            }
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

    private static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        if (headRequest || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunks(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    /** One CRLF-terminated line of the head, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the answer ended inside its head: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
