package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Exponential backoff with jitter, the one backoff of every logpipe sink: before retry {@code n}
 * (after {@code n} attempts) the delay is uniform in {@code [d/2, d]} with
 * {@code d = min(max, initial * 2^(n-1))} ("equal jitter", AWS Architecture Blog, "Exponential
 * Backoff and Jitter"). Immutable and thread-safe.
 */
@API(status = STABLE)
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;

    private Backoff(long initialNanos, long maxNanos) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
    }

    /**
     * Returns a backoff.
     *
     * @param initial the first retry's (largest) delay, positive
     * @param max the largest delay, at least {@code initial}
     * @return the backoff
     * @throws IllegalArgumentException naming {@code initialBackoff} or {@code maxBackoff} if out of range
     */
    public static Backoff of(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initialBackoff");
        Objects.requireNonNull(max, "maxBackoff");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initial + "), was " + max);
        }
        return new Backoff(initial.toNanos(), max.toNanos());
    }

    /**
     * Returns the delay before the next attempt.
     *
     * @param attempts the attempts made so far, at least 1
     * @param random a number in {@code [0, 1)}: 0 gives the shortest delay, near 1 the longest
     * @return the delay in nanoseconds
     */
    public long delayNanos(int attempts, double random) {
        int shift = Math.min(30, Math.max(0, attempts - 1));
        long d = Math.min(maxNanos, initialNanos << shift);
        if (d < 0) {
            d = maxNanos;
        }
        return d / 2 + (long) (d / 2 * random);
    }

    /**
     * Returns the first retry's largest delay.
     *
     * @return the initial backoff
     */
    public Duration initial() {
        return Duration.ofNanos(initialNanos);
    }

    /**
     * Returns the largest delay.
     *
     * @return the maximum backoff
     */
    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    @Override
    public String toString() {
        return "Backoff[initial=" + initial() + ", max=" + max() + "]";
    }
}
