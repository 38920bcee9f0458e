package io.logpipe.local.firehose;

/** A token bucket refilled continuously at {@code rate} per second, holding at most one second's worth. */
final class TokenBucket {

    private final double rate;
    private double tokens;
    private long lastNanos;

    TokenBucket(long ratePerSecond, long nowNanos) {
        this.rate = ratePerSecond;
        this.tokens = ratePerSecond;
        this.lastNanos = nowNanos;
    }

    void refill(long nowNanos) {
        tokens = Math.min(rate, tokens + (nowNanos - lastNanos) * rate / 1e9);
        lastNanos = nowNanos;
    }

    boolean has(long n) {
        return tokens >= Math.min(n, rate);
    }

    void take(long n) {
        tokens -= n;
    }
}
