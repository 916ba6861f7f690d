package dev.annotations.api.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;

/**
 * Reads and drops what is left of a request's body before its answer goes out. Jetty closes a kept-alive
 * connection whose request body is still unread when the answer completes, and the answer is already framed as
 * persistent, so the client learns it only when its next request on that connection fails before any byte
 * comes back ("header parser received no bytes"), or, with the body still in flight, as a reset that loses the
 * answer. Any handler that answers without needing the body (a 401, a 404, a queue's "next", a GET sent with a
 * body) leaves it unread whenever the body arrives after the head, in a later packet.
 * <p>
 * At most {@code limit} bytes are read (the request size limit: the API never accepts a longer body, except a
 * streamed import, which reads its own); a longer rest is not read and the answer says {@code Connection: close}.
 */
public final class UnreadBody {
    private UnreadBody() {
    }

    public static void drain(Context ctx, long limit) {
        if (ctx.req().getContentLengthLong() > limit) {
            ctx.header("Connection", "close");
            return;
        }
        try {
            ServletInputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            while (!in.isFinished() && read <= limit) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                read += n;
            }
            if (!in.isFinished()) {
                ctx.header("Connection", "close");
            }
        } catch (IOException | IllegalStateException unreadable) {
            // the client went away or the body was taken as a reader: nothing left to keep the connection for
            ctx.header("Connection", "close");
        }
    }
}
