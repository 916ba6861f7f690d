package dev.annotations.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} requests per FEEDBACK key and minute, as a token bucket per key (full at first,
 * refilled continuously), so a public key copied out of a web page cannot flood the score writer. Per
 * instance: with n instances behind a balancer a key gets up to n times the rate. The map holds one entry per
 * FEEDBACK key that was used, bounded by the keys that exist.
 */
public final class FeedbackLimiter {
    private final int perMinute;
    private final Clock clock;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long refilledAtNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAtNanos = now;
        }
    }

    public FeedbackLimiter(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be positive, was " + perMinute);
        }
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * Takes one request of {@code keyId}'s allowance.
     *
     * @return 0 when the request may go on, else the whole seconds until the next one may (for Retry-After)
     */
    public long acquire(UUID keyId) {
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(perMinute, now));
        synchronized (bucket) {
            double perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
            bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.refilledAtNanos) * perNano);
            bucket.refilledAtNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    public int perMinute() {
        return perMinute;
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
