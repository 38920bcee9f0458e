package io.logpipe.es.internal;

import java.util.function.DoubleSupplier;

/** Exponential backoff with "equal jitter": half the delay fixed, half random. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /**
     * Creates a backoff.
     *
     * @param initialMillis the delay before the first retry (before jitter)
     * @param maxMillis the cap
     * @param random uniform values in [0, 1)
     */
    public Backoff(long initialMillis, long maxMillis, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initialMillis);
        this.maxMillis = Math.max(this.initialMillis, maxMillis);
        this.random = random;
    }

    /**
     * Returns the delay before the next attempt.
     *
     * @param attemptsMade attempts already made, at least 1
     * @return milliseconds, between half the capped exponential delay and all of it
     */
    public long delayMillis(int attemptsMade) {
        int shift = Math.min(30, Math.max(0, attemptsMade - 1));
        long exp = Math.min(maxMillis, initialMillis << shift);
        long half = exp / 2;
        return half + (long) (random.getAsDouble() * (exp - half));
    }
}
