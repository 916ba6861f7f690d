package dev.annotations.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP relay whose link can be cut and restored: simulates ClickHouse going away and coming
 * back without touching the engine. Cutting closes the listener and every relayed connection.
 *
 * <p>It can also lose one kind of request half-way, picked by a text in its bytes (for ClickHouse's HTTP
 * interface the statement is in the URL, e.g. {@code JSONEachRow} for our INSERTs): {@link Fault#SWALLOW_ANSWER}
 * relays the request but never its answer (the statement runs, the client hears nothing), {@link
 * Fault#DROP_REQUEST} never relays the request (nothing runs, the client hears nothing).
 */
public final class TcpProxy implements AutoCloseable {
    /** What happens to a request whose bytes hold the marker. */
    public enum Fault { SWALLOW_ANSWER, DROP_REQUEST }

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile String marker;
    private volatile Fault fault;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        restore();
    }

    public int port() {
        return port;
    }

    public synchronized void restore() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread.ofPlatform().daemon().start(() -> accept(socket));
    }

    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** From now on, requests whose bytes contain {@code text} suffer {@code what}; other requests pass. */
    public void fail(String text, Fault what) {
        this.fault = what;
        this.marker = text;
    }

    /** Requests pass again (connections already hit stay dead to their clients). */
    public void heal() {
        this.marker = null;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                AtomicBoolean hit = new AtomicBoolean();
                Thread.ofPlatform().daemon().start(() -> requests(client, upstream, hit));
                Thread.ofPlatform().daemon().start(() -> answers(upstream, client, hit));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void requests(Socket from, Socket to, AtomicBoolean hit) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                String text = marker;
                if (text != null && !hit.get()
                        && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains(text)) {
                    hit.set(true);
                }
                if (!(hit.get() && fault == Fault.DROP_REQUEST)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the other side closed or the link was cut
        } finally {
            close(from, to);
        }
    }

    private static void answers(Socket from, Socket to, AtomicBoolean hit) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (!hit.get()) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the other side closed or the link was cut
        } finally {
            close(from, to);
        }
    }

    private static void close(Socket a, Socket b) {
        try {
            a.close();
            b.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
