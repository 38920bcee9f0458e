package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How long a record is retried, the one retry budget of every logpipe sink: at most
 * {@link #maxAttempts()} sends (the first included), and no new attempt once
 * {@link #maxDuration()} has passed since the record's first attempt (Firehose's
 * {@code RetryOptions.DurationInSeconds}). A retry's delay is cut so that it never waits past the
 * budget's end: the last attempt happens at the deadline, not before it. Immutable and thread-safe.
 */
@API(status = STABLE)
public final class RetryBudget {

    private final int maxAttempts;
    private final long maxDurationNanos;

    private RetryBudget(int maxAttempts, long maxDurationNanos) {
        this.maxAttempts = maxAttempts;
        this.maxDurationNanos = maxDurationNanos;
    }

    /**
     * Returns a budget.
     *
     * @param maxAttempts at least 1 (1 means no retry)
     * @param maxDuration zero (no retry) or positive
     * @return the budget
     * @throws IllegalArgumentException naming {@code maxAttempts} or {@code maxRetryDuration} if out of range
     */
    public static RetryBudget of(int maxAttempts, Duration maxDuration) {
        Objects.requireNonNull(maxDuration, "maxRetryDuration");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxRetryDuration must not be negative, was " + maxDuration);
        }
        return new RetryBudget(maxAttempts, maxDuration.toNanos());
    }

    /**
     * Returns whether a record may be sent again.
     *
     * @param attempts the sends so far
     * @param sinceFirstAttemptNanos the time since its first send
     * @return {@code true} if one more attempt fits the budget
     */
    public boolean allowsRetry(int attempts, long sinceFirstAttemptNanos) {
        return attempts < maxAttempts && sinceFirstAttemptNanos < maxDurationNanos;
    }

    /**
     * Returns the time left before the budget's end.
     *
     * @param sinceFirstAttemptNanos the time since the record's first send
     * @return the nanoseconds left, never negative
     */
    public long remainingNanos(long sinceFirstAttemptNanos) {
        return Math.max(0, maxDurationNanos - sinceFirstAttemptNanos);
    }

    /**
     * Returns the most sends of one record.
     *
     * @return the attempts
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the longest time a record is retried, from its first send.
     *
     * @return the duration
     */
    public Duration maxDuration() {
        return Duration.ofNanos(maxDurationNanos);
    }

    @Override
    public String toString() {
        return "maxAttempts=" + maxAttempts + ", maxRetryDuration=" + maxDuration();
    }
}
