package dev.annotations.otel.extension;

/**
 * A sample rate decided by the trace id alone, so every service (and every instance of it) applying the
 * same rate makes the same decision for one trace, and a trace selected at rate r is also selected at any
 * rate above r.
 *
 * <p>The 128-bit trace id is hashed with MurmurHash3's 64-bit finaliser ({@code fmix64}):
 * {@code h = fmix64(high ^ fmix64(low))}, where {@code high} and {@code low} are the id's first and last 16
 * hex digits as unsigned 64-bit numbers; the trace is selected when {@code (h >>> 11) / 2^53 < rate}.
 * Hashing, rather than reading the id's low bits as the SDK's {@code TraceIdRatioBased} sampler does, keeps
 * this decision independent of a ratio head sampler: with both at 10 %, one in ten recorded traces becomes
 * a candidate, not all of them. Other languages reproduce the decision with these three lines.
 */
final class TraceIdRatio {
    private static final double TWO_TO_53 = 0x1.0p53;

    private final double rate;
    /** Selected when the hash's top 53 bits are below this; rate 1 is handled without it. */
    private final long threshold;

    private TraceIdRatio(double rate) {
        this.rate = rate;
        this.threshold = (long) (rate * TWO_TO_53);
    }

    /** @throws IllegalArgumentException unless {@code 0 <= rate <= 1} */
    static TraceIdRatio of(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + rate);
        }
        return new TraceIdRatio(rate);
    }

    double rate() {
        return rate;
    }

    /** Whether the trace with this id (32 lowercase hex digits, as the SDK gives it) is selected. */
    boolean selects(String traceId) {
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        long high = hexToLong(traceId, 0);
        long low = hexToLong(traceId, 16);
        return (fmix64(high ^ fmix64(low)) >>> 11) < threshold;
    }

    static long fmix64(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * 16 hex digits from {@code offset}, without allocating (unlike {@code Long.parseUnsignedLong(substring)}) and
     * without branches: {@code '0'-'9'} are 0x30-0x39 and {@code 'a'-'f'} / {@code 'A'-'F'} are 0x61-0x66 /
     * 0x41-0x46, so the low nibble plus 9 for letters (bit 6 set) is the digit's value. A per-character branch
     * on random hex mispredicted often enough to dominate the processor's cost in profiles.
     */
    private static long hexToLong(String hex, int offset) {
        long result = 0;
        for (int i = offset; i < offset + 16; i++) {
            char c = hex.charAt(i);
            result = (result << 4) | ((c & 0xF) + 9 * (c >> 6));
        }
        return result;
    }
}
