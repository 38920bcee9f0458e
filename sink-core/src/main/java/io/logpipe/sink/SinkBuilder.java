package io.logpipe.sink;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.STABLE;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The engine settings every logpipe sink's builder has, with the same names, defaults and checks
 * everywhere: batch bytes, linger, back-pressure, backoff, the close timeout, the meter registry, the
 * scheduler and the time source. A sink's builder extends this class (or
 * {@link RecordSinkBuilder}, which adds the record counts, the in-flight limit and the retry budget)
 * and adds what is its service's own: the client, the stream or index, the failed-record store.
 *
 * <p>{@code B} is the sink's builder type, so every setter returns the sink's builder and calls
 * chain in any order: {@code FirehoseSink.builder().linger(d).deliveryStream("s")}. Each setter
 * checks its value at once and throws an {@link IllegalArgumentException} naming the setting and the
 * bound; settings that depend on each other ({@link #maxBackoff} against {@link #initialBackoff}) are
 * checked when the sink is built.
 *
 * <p>Not thread-safe: configure a builder from one thread. The {@code protected} members are the
 * contract with the sinks in this project that extend it, not a user extension point.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
@API(status = STABLE)
public abstract class SinkBuilder<B extends SinkBuilder<B>> {

    /** Default {@link #linger}: 1 second. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

    /** Default {@link #backpressure}: {@link Backpressure#BLOCK}. */
    public static final Backpressure DEFAULT_BACKPRESSURE = Backpressure.BLOCK;

    /** Default {@link #blockTimeout}: 60 seconds (the Kinesis Agent's full-queue wait). */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(60);

    /** Default {@link #initialBackoff}: 100 ms (the Kinesis Agent's). */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** Default {@link #maxBackoff}: 10 seconds (the Kinesis Agent's). */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    /** Default {@link #closeTimeout}, unless the sink's builder documents another: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final long minBatchBytes;
    private final long maxBatchBytesLimit;
    private long maxBatchBytes;
    private Duration linger = DEFAULT_LINGER;
    private Backpressure backpressure = DEFAULT_BACKPRESSURE;
    private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private @Nullable Duration closeTimeout;
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable ScheduledExecutorService scheduler;
    private Ticker ticker = Ticker.system();

    /**
     * Starts a builder with the sink's batch-size bounds.
     *
     * @param defaultMaxBatchBytes the default of {@link #maxBatchBytes}
     * @param minBatchBytes the smallest {@link #maxBatchBytes} the sink takes (at least 1)
     * @param maxBatchBytesLimit the largest {@link #maxBatchBytes} the sink takes (the service's limit)
     */
    @API(status = INTERNAL)
    protected SinkBuilder(long defaultMaxBatchBytes, long minBatchBytes, long maxBatchBytesLimit) {
        this.minBatchBytes = minBatchBytes;
        this.maxBatchBytesLimit = maxBatchBytesLimit;
        this.maxBatchBytes = defaultMaxBatchBytes;
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return {@code this}
     */
    @SuppressWarnings("unchecked")
    @API(status = INTERNAL)
    protected final B self() {
        return (B) this;
    }

    /**
     * Sets the most bytes per request, as the service counts them. Optional. Default and bounds: the
     * sink's ({@code DEFAULT_MAX_BATCH_BYTES}, the service's limit).
     *
     * @param bytes within the sink's bounds
     * @return this builder
     * @throws IllegalArgumentException if out of the sink's bounds
     */
    public B maxBatchBytes(long bytes) {
        check(bytes >= minBatchBytes && bytes <= maxBatchBytesLimit, "maxBatchBytes must be "
                + (maxBatchBytesLimit == Long.MAX_VALUE ? ">= " + minBatchBytes : minBatchBytes + ".." + maxBatchBytesLimit)
                + ", was " + bytes);
        this.maxBatchBytes = bytes;
        return self();
    }

    /**
     * Sets how long a record may wait for its batch to fill. Zero sends whatever is buffered as soon
     * as a request slot is free. Optional. Default: 1 second.
     *
     * @param linger zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public B linger(Duration linger) {
        this.linger = requireNonNegative(linger, "linger");
        return self();
    }

    /**
     * Sets what {@code send} does when the sink holds as much as it may. Optional. Default:
     * {@link Backpressure#BLOCK}.
     *
     * @param mode block (at most {@link #blockTimeout}) or fail fast
     * @return this builder
     */
    public B backpressure(Backpressure mode) {
        this.backpressure = Objects.requireNonNull(mode, "backpressure");
        return self();
    }

    /**
     * Sets how long {@code send} blocks for space in {@link Backpressure#BLOCK} mode; then the record's
     * future fails with {@value DeliveryEngine#BUFFER_FULL}. Optional. Default: 60 seconds.
     *
     * @param timeout zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public B blockTimeout(Duration timeout) {
        this.blockTimeout = requireNonNegative(timeout, "blockTimeout");
        return self();
    }

    /**
     * Sets the first retry's backoff, doubled for each further retry (with jitter, see
     * {@link Backoff}). Optional. Default: 100 ms.
     *
     * @param backoff positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public B initialBackoff(Duration backoff) {
        this.initialBackoff = requirePositive(backoff, "initialBackoff");
        return self();
    }

    /**
     * Sets the largest backoff. Optional. Default: 10 seconds.
     *
     * @param backoff positive, and at least {@link #initialBackoff} when the sink is built
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public B maxBackoff(Duration backoff) {
        this.maxBackoff = requirePositive(backoff, "maxBackoff");
        return self();
    }

    /**
     * Sets how long the sink's {@code close()} waits for records to settle; those still unsettled then
     * go to the failed-record store and their futures fail. Optional. Default: 30 seconds, unless the
     * sink's builder documents another.
     *
     * @param timeout zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public B closeTimeout(Duration timeout) {
        this.closeTimeout = requireNonNegative(timeout, "closeTimeout");
        return self();
    }

    /**
     * Sets the registry to record metrics in. Optional. Default: a private registry that records
     * nothing until a registry is added to it (never the global registry).
     *
     * @param registry the meter registry, or {@code null} for the default
     * @return this builder
     */
    public B meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry = registry;
        return self();
    }

    /**
     * Sets the scheduler for linger flushes and retry backoffs; the caller's, never shut down by the
     * sink. Optional. Default: a daemon thread of the sink's own, stopped by {@code close()}.
     *
     * @param scheduler the scheduler, or {@code null} for the default
     * @return this builder
     */
    public B scheduler(@Nullable ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        return self();
    }

    /**
     * Sets the time source of linger, retry deadlines and request timers, for tests. Optional.
     * Default: {@link Ticker#system()}.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public B ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return self();
    }

    /**
     * Returns the close timeout used when none was set: {@link #DEFAULT_CLOSE_TIMEOUT}. A sink whose
     * longest delivery depends on its other settings overrides this (and documents it on
     * {@link #closeTimeout}).
     *
     * @return the default close timeout
     */
    @API(status = INTERNAL)
    protected Duration defaultCloseTimeout() {
        return DEFAULT_CLOSE_TIMEOUT;
    }

    /**
     * Returns the linger set, for sinks that derive other settings from it.
     *
     * @return the linger
     */
    @API(status = INTERNAL)
    protected final Duration lingerSetting() {
        return linger;
    }

    /**
     * Returns the time source set.
     *
     * @return the ticker
     */
    @API(status = INTERNAL)
    protected final Ticker tickerSetting() {
        return ticker;
    }

    /**
     * Checks the settings that depend on each other. A sink's {@code build()} calls it before it
     * builds anything.
     *
     * @throws IllegalArgumentException naming the setting, if {@link #maxBackoff} is below
     *     {@link #initialBackoff}
     */
    @API(status = INTERNAL)
    protected void checkSettings() {
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), was "
                    + maxBackoff);
        }
    }

    /**
     * Applies these settings to the sink's engine and binds its meters in the registry set.
     *
     * @param engine the engine builder, with the sink's name, strategy and errors
     * @param metrics the sink's meter names and tags, without a registry
     * @param <E> the sink's entry type
     * @return {@code engine}
     */
    @API(status = INTERNAL)
    protected <E extends Entry> DeliveryEngine.Builder<E> configure(DeliveryEngine.Builder<E> engine,
            SinkMetrics.Builder metrics) {
        Duration close = closeTimeout != null ? closeTimeout : defaultCloseTimeout();
        return engine.maxBatchBytes(maxBatchBytes)
                .linger(linger)
                .backpressure(backpressure)
                .blockTimeout(blockTimeout)
                .backoff(Backoff.of(initialBackoff, maxBackoff))
                .closeTimeout(close)
                .scheduler(scheduler)
                .ticker(ticker)
                .metrics(metrics.registry(meterRegistry).build());
    }

    /**
     * Checks that a setting lies within bounds.
     *
     * @param ok whether it does
     * @param message the error, naming the setting, the bound and the value
     * @throws IllegalArgumentException with {@code message} if not {@code ok}
     */
    @API(status = INTERNAL)
    protected static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Checks that a duration is positive, for a setting of the sink's own.
     *
     * @param d the duration
     * @param name the setting's name, for the message
     * @return {@code d}
     * @throws IllegalArgumentException naming the setting if {@code d} is zero or negative
     */
    @API(status = INTERNAL)
    protected static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative() && !d.isZero(), name + " must be positive, was " + d);
        return d;
    }

    /**
     * Checks that a duration is zero or positive, for a setting of the sink's own.
     *
     * @param d the duration
     * @param name the setting's name, for the message
     * @return {@code d}
     * @throws IllegalArgumentException naming the setting if {@code d} is negative
     */
    @API(status = INTERNAL)
    protected static Duration requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        check(!d.isNegative(), name + " must not be negative, was " + d);
        return d;
    }
}
