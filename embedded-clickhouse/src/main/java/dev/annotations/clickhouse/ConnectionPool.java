package dev.annotations.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed set of chDB connections, each used by one thread at a time. chDB runs statements of
 * different connections in parallel, one statement per connection; callers beyond the pool size wait.
 */
final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConnectionPool.class.getName());

    private final Supplier<ChdbConnection> opener;
    private final List<ChdbConnection> all;
    private final BlockingQueue<ChdbConnection> idle;

    ConnectionPool(int size, Supplier<ChdbConnection> opener) {
        if (size < 1) {
            throw new IllegalArgumentException("connection pool size must be >= 1, was " + size);
        }
        this.opener = opener;
        all = new ArrayList<>(size);
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            ChdbConnection connection = opener.get();
            all.add(connection);
            idle.add(connection);
        }
    }

    ChdbConnection borrow() throws InterruptedException {
        return idle.take();
    }

    void giveBack(ChdbConnection connection) {
        idle.add(connection);
    }

    /**
     * Takes back a connection that a statement left changed (see {@link ConnectionState#leavesState}):
     * it is closed and a fresh one takes its place, as no statement resets a connection. Opening takes
     * about a millisecond; if it fails, the old connection stays rather than the pool shrinking.
     */
    void replace(ChdbConnection used) {
        ChdbConnection fresh;
        try {
            fresh = opener.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot open a fresh engine connection; reusing the old one", e);
            idle.add(used);
            return;
        }
        synchronized (all) {
            all.set(all.indexOf(used), fresh);
        }
        used.close();
        idle.add(fresh);
    }

    /** Closes every connection; the last one to close shuts the engine down. */
    @Override
    public void close() {
        synchronized (all) {
            for (ChdbConnection connection : all.reversed()) {
                connection.close();
            }
        }
    }
}
