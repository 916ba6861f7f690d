package dev.annotations.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * HTTP sessions ({@code session_id}): each session owns its own chDB connection, so {@code SET},
 * {@code USE} and temporary tables persist between its requests, as on a ClickHouse server. A session
 * serves one request at a time and is closed after {@code session_timeout} seconds without use. Each
 * port has its own registry.
 */
final class SessionRegistry implements AutoCloseable {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;
    static final int MAX_TIMEOUT_SECONDS = 3600;
    static final int MAX_SESSIONS = 64;

    static final int SESSION_NOT_FOUND = 372;
    static final int SESSION_IS_LOCKED = 373;
    static final int TOO_MANY_SESSIONS = 202; // TOO_MANY_SIMULTANEOUS_QUERIES

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Supplier<ChdbConnection> opener;
    private final LongSupplier nanoClock;

    SessionRegistry(Supplier<ChdbConnection> opener, LongSupplier nanoClock) {
        this.opener = opener;
        this.nanoClock = nanoClock;
    }

    static final class Session {
        final ChdbConnection connection;
        final ReentrantLock lock = new ReentrantLock();
        volatile long expiresAtNanos;

        Session(ChdbConnection connection) {
            this.connection = connection;
        }
    }

    /**
     * Finds or creates the session and locks it for the caller; release with {@link #release}. Sessions
     * belong to their user, as on a server: another user naming the same id gets a session of its own.
     */
    Session acquire(String user, String id, boolean mustExist) {
        String key = user + '\u0000' + id;
        Session session;
        synchronized (this) {
            session = sessions.get(key);
            if (session == null) {
                if (mustExist) {
                    throw new ClickHouseException(SESSION_NOT_FOUND,
                            "Code: 372. DB::Exception: Session " + id + " not found. (SESSION_NOT_FOUND)");
                }
                if (sessions.size() >= MAX_SESSIONS) {
                    throw new ClickHouseException(TOO_MANY_SESSIONS, "Code: 202. DB::Exception: Too many open "
                            + "sessions: the embedded engine allows " + MAX_SESSIONS + ". (TOO_MANY_SIMULTANEOUS_QUERIES)");
                }
                session = new Session(opener.get());
                // Locked before it becomes visible: otherwise the periodic sweep could see a session that
                // has never been used (no expiry set yet), take its lock and close it under its creator.
                session.lock.lock();
                session.expiresAtNanos = nanoClock.getAsLong() + DEFAULT_TIMEOUT_SECONDS * 1_000_000_000L;
                sessions.put(key, session);
                return session;
            }
        }
        if (!session.lock.tryLock()) {
            throw new ClickHouseException(SESSION_IS_LOCKED,
                    "Code: 373. DB::Exception: Session " + id + " is locked by a concurrent client. (SESSION_IS_LOCKED)");
        }
        return session;
    }

    void release(Session session, int timeoutSeconds) {
        session.expiresAtNanos = nanoClock.getAsLong() + timeoutSeconds * 1_000_000_000L;
        session.lock.unlock();
    }

    /** Closes sessions idle past their timeout; called periodically. */
    void closeExpired() {
        long now = nanoClock.getAsLong();
        List<Session> expired = new ArrayList<>();
        synchronized (this) {
            sessions.entrySet().removeIf(entry -> {
                Session session = entry.getValue();
                if (session.expiresAtNanos - now < 0 && session.lock.tryLock()) {
                    expired.add(session);
                    return true;
                }
                return false;
            });
        }
        for (Session session : expired) {
            session.connection.close();
        }
    }

    int size() {
        return sessions.size();
    }

    @Override
    public synchronized void close() {
        sessions.values().forEach(session -> session.connection.close());
        sessions.clear();
    }
}
