package dev.annotations.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * A fixed set of chDB connections, each used by one thread at a time. chDB runs statements of
 * different connections in parallel, one statement per connection; callers beyond the pool size wait.
 */
final class ConnectionPool implements AutoCloseable {
    private final List<ChdbConnection> all;
    private final BlockingQueue<ChdbConnection> idle;

    ConnectionPool(int size, Supplier<ChdbConnection> opener) {
        if (size < 1) {
            throw new IllegalArgumentException("connection pool size must be >= 1, was " + size);
        }
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

    /** Closes every connection; the last one to close shuts the engine down. */
    @Override
    public void close() {
        for (ChdbConnection connection : all.reversed()) {
            connection.close();
        }
    }
}
