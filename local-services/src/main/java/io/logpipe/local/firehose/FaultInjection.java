package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The faults the local endpoint injects into {@code PutRecord} and {@code PutRecordBatch} calls,
 * changeable while it runs. Control-plane calls (create, describe, list, delete) are never faulted.
 *
 * <p>For each put call, in this order: the added {@link #latency(Duration) latency} is waited; a
 * {@link #stall() stall} holds the call until {@link #resume()}; with probability
 * {@link #resetRate(double) resetRate} the connection is closed without an answer (before the body
 * is read, so nothing was stored: a retry cannot duplicate); with probability
 * {@link #throttleRate(double) throttleRate} the call is answered HTTP 503
 * {@code ServiceUnavailableException} "Slow down." (Firehose's throttling); with probability
 * {@link #errorRate(double) errorRate} HTTP 500 {@code InternalFailure}; the
 * {@link #quota(ThroughputQuota) throughput quota}, if set, answers 503 when exceeded; then each
 * record of a {@code PutRecordBatch} fails with probability {@link #failRate(double) failRate}, its
 * entry answered {@code ServiceUnavailableException} or {@code InternalFailure} (half each) and the
 * record not stored. Every fault answered happens before anything is stored.
 *
 * <p>Thread-safe; all rates default to 0.
 */
@API(status = STABLE)
public final class FaultInjection {

    private volatile double failRate;
    private volatile double throttleRate;
    private volatile double errorRate;
    private volatile double resetRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile @Nullable ThroughputQuota quota;
    private final Object stallLock = new Object();
    private boolean stalled;
    private volatile boolean released;

    /**
     * Sets the probability that a record of a {@code PutRecordBatch} call fails.
     *
     * @param rate 0 to 1
     * @return this
     */
    public FaultInjection failRate(double rate) {
        this.failRate = checkRate("failRate", rate);
        return this;
    }

    /**
     * Sets the probability that a put call is throttled (HTTP 503 {@code ServiceUnavailableException}).
     *
     * @param rate 0 to 1
     * @return this
     */
    public FaultInjection throttleRate(double rate) {
        this.throttleRate = checkRate("throttleRate", rate);
        return this;
    }

    /**
     * Sets the probability that a put call fails with HTTP 500 {@code InternalFailure}.
     *
     * @param rate 0 to 1
     * @return this
     */
    public FaultInjection errorRate(double rate) {
        this.errorRate = checkRate("errorRate", rate);
        return this;
    }

    /**
     * Sets the probability that a put call's connection is closed without an answer.
     *
     * @param rate 0 to 1
     * @return this
     */
    public FaultInjection resetRate(double rate) {
        this.resetRate = checkRate("resetRate", rate);
        return this;
    }

    /**
     * Sets the latency added to each put call.
     *
     * @param latency zero or positive
     * @return this
     */
    public FaultInjection latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        this.latency = latency;
        return this;
    }

    /**
     * Sets the per-stream throughput quota enforced, or {@code null} for none (the default).
     *
     * @param quota the quota, or {@code null}
     * @return this
     */
    public FaultInjection quota(@Nullable ThroughputQuota quota) {
        this.quota = quota;
        return this;
    }

    /**
     * Holds every put call from now on until {@link #resume()} (or the endpoint closes): the endpoint
     * stops answering, as a stalled service does.
     *
     * @return this
     */
    public FaultInjection stall() {
        synchronized (stallLock) {
            stalled = true;
        }
        return this;
    }

    /**
     * Releases the calls held by {@link #stall()}.
     *
     * @return this
     */
    public FaultInjection resume() {
        synchronized (stallLock) {
            stalled = false;
            stallLock.notifyAll();
        }
        return this;
    }

    /**
     * Returns the per-record failure probability.
     *
     * @return the rate
     */
    public double failRate() {
        return failRate;
    }

    /**
     * Returns the throttling probability.
     *
     * @return the rate
     */
    public double throttleRate() {
        return throttleRate;
    }

    /**
     * Returns the HTTP 500 probability.
     *
     * @return the rate
     */
    public double errorRate() {
        return errorRate;
    }

    /**
     * Returns the connection-reset probability.
     *
     * @return the rate
     */
    public double resetRate() {
        return resetRate;
    }

    /**
     * Returns the added latency.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    /**
     * Returns the quota enforced, or {@code null}.
     *
     * @return the quota
     */
    public @Nullable ThroughputQuota quota() {
        return quota;
    }

    /** Waits while stalled; returns at once when the endpoint is closing. */
    void awaitNotStalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled && !released) {
                stallLock.wait(100);
            }
        }
    }

    /** Releases stalled calls for good: the endpoint is closing. */
    void releaseAll() {
        released = true;
        synchronized (stallLock) {
            stallLock.notifyAll();
        }
    }

    private static double checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
        }
        return rate;
    }
}
