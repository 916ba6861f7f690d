package dev.annotations.api.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Errors Jetty answers itself, before a request reaches the router: an unparseable request line or URI
 * ({@code %00}, invalid UTF-8 such as {@code %ff}), a URI or header section over the limits (414, 431),
 * conflicting framing headers, and anything the servlet layer refuses. Jetty would answer them with an
 * HTML page; we answer them like every other error (problem+json, or the OTLP Status under the receiver's
 * paths), with the same security headers. Registered with {@code Server.setErrorHandler}.
 */
public final class JettyErrorHandler extends ErrorHandler {
    private final ErrorBodies bodies;
    private final Function<String, Map<String, String>> securityHeaders;

    public JettyErrorHandler(ErrorBodies bodies, Function<String, Map<String, String>> securityHeaders) {
        this.bodies = bodies;
        this.securityHeaders = securityHeaders;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException failure) {
            status = failure.getCode();
            response.setStatus(status);
            if (reason == null) {
                reason = failure.getReason();
            }
        }
        if (status < 400) {
            status = 500;
            response.setStatus(status);
        }
        String path = pathOf(request);
        securityHeaders.apply(path == null ? "" : path).forEach((name, value) -> response.getHeaders().put(name, value));
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        String title = HttpStatus.getMessage(status);
        ErrorBodies.Body body = bodies.of(path, request.getHeaders().get(HttpHeader.CONTENT_TYPE), status,
                "about:blank", title, detail(reason, title), List.of());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        response.write(true, ByteBuffer.wrap(body.bytes()), callback);
        return true;
    }

    /** The request's path as sent, or null when Jetty could not even parse it (then it reports {@code /badMessage}). */
    private static String pathOf(Request request) {
        try {
            String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
            return path == null || path.equals("/badMessage") ? null : path;
        } catch (RuntimeException unparseable) {
            return null;
        }
    }

    /**
     * Jetty's reason ("Bad UTF-8 encoding", "URI Too Long"…) says what was wrong. A reason that is an
     * exception's text is replaced by the status phrase: no Java internals reach a client.
     */
    private static String detail(String reason, String title) {
        if (reason == null || reason.isBlank() || reason.contains("Exception") || reason.contains("\n")
                || reason.length() > 200) {
            return title;
        }
        return reason;
    }
}
