package io.logpipe.sink;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * The settings of a sink that sends records in calls of a bounded count (the AWS sinks,
 * {@code PutRecordBatch} and {@code PutRecords}), on top of {@link SinkBuilder}'s: the most records per
 * call, the in-flight limit, the bounds of what the sink holds, and the retry budget of
 * {@link #maxAttempts attempts} and {@link #maxRetryDuration time}. The names, defaults and checks are
 * the same on every such sink.
 *
 * <p>Not thread-safe: configure a builder from one thread.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
@API(status = STABLE)
public abstract class RecordSinkBuilder<B extends RecordSinkBuilder<B>> extends SinkBuilder<B> {

    /** Default {@link #maxInFlightRequests}: {@value}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 10;

    /** Default {@link #maxBufferedRecords}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = 20_000;

    /** Default {@link #maxBufferedBytes}: {@value} (64 MiB). */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

    /** Default {@link #maxAttempts}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 30;

    /** Default {@link #maxRetryDuration}: 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);

    private final int maxBatchRecordsLimit;
    private int maxBatchRecords;
    private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    private int maxBufferedRecords = DEFAULT_MAX_BUFFERED_RECORDS;
    private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxRetryDuration = DEFAULT_MAX_RETRY_DURATION;

    /**
     * Starts a builder with the service's limits; {@link #maxBatchRecords} defaults to its limit.
     *
     * @param maxBatchRecordsLimit the most records per call the service takes
     * @param defaultMaxBatchBytes the default of {@link #maxBatchBytes}
     * @param minBatchBytes the smallest {@link #maxBatchBytes} the sink takes (at least 1)
     * @param maxBatchBytesLimit the most bytes per call the service takes
     */
    @API(status = INTERNAL)
    protected RecordSinkBuilder(int maxBatchRecordsLimit, long defaultMaxBatchBytes, long minBatchBytes,
            long maxBatchBytesLimit) {
        super(defaultMaxBatchBytes, minBatchBytes, maxBatchBytesLimit);
        this.maxBatchRecordsLimit = maxBatchRecordsLimit;
        this.maxBatchRecords = maxBatchRecordsLimit;
    }

    /**
     * Sets the most records per call. Optional. Default: the service's limit (the sink's
     * {@code MAX_BATCH_RECORDS}).
     *
     * @param records 1 to the service's limit
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public B maxBatchRecords(int records) {
        check(records >= 1 && records <= maxBatchRecordsLimit,
                "maxBatchRecords must be 1.." + maxBatchRecordsLimit + ", was " + records);
        this.maxBatchRecords = records;
        return self();
    }

    /**
     * Sets the most calls in flight at once, the ceiling of the AIMD limit: halved on throttling,
     * grown back by one per call answered without it. Optional. Default:
     * {@value #DEFAULT_MAX_IN_FLIGHT_REQUESTS}.
     *
     * @param requests at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public B maxInFlightRequests(int requests) {
        check(requests >= 1, "maxInFlightRequests must be >= 1, was " + requests);
        this.maxInFlightRequests = requests;
        return self();
    }

    /**
     * Sets the most records the sink holds (buffered, in flight, waiting to be retried) before
     * {@code send} applies back-pressure. Optional. Default: {@value #DEFAULT_MAX_BUFFERED_RECORDS}.
     *
     * @param records at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public B maxBufferedRecords(int records) {
        check(records >= 1, "maxBufferedRecords must be >= 1, was " + records);
        this.maxBufferedRecords = records;
        return self();
    }

    /**
     * Sets the most bytes the sink holds before {@code send} applies back-pressure. Optional.
     * Default: {@value #DEFAULT_MAX_BUFFERED_BYTES} (64 MiB).
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public B maxBufferedBytes(long bytes) {
        check(bytes >= 1, "maxBufferedBytes must be >= 1, was " + bytes);
        this.maxBufferedBytes = bytes;
        return self();
    }

    /**
     * Sets the most times a record is sent, the first included. Optional. Default:
     * {@value #DEFAULT_MAX_ATTEMPTS}.
     *
     * @param attempts at least 1 (1 means no retry)
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public B maxAttempts(int attempts) {
        check(attempts >= 1, "maxAttempts must be >= 1, was " + attempts);
        this.maxAttempts = attempts;
        return self();
    }

    /**
     * Sets the longest time a record is retried, counted from {@code send}; a retry never waits past
     * it. Optional. Default: 5 minutes.
     *
     * @param duration positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public B maxRetryDuration(Duration duration) {
        this.maxRetryDuration = requirePositive(duration, "maxRetryDuration");
        return self();
    }

    /**
     * Returns the in-flight limit set, for sinks that size their client's connection pool by it.
     *
     * @return the most calls in flight
     */
    @API(status = INTERNAL)
    protected final int maxInFlightRequestsSetting() {
        return maxInFlightRequests;
    }

    @Override
    @API(status = INTERNAL)
    protected <E extends Entry> DeliveryEngine.Builder<E> configure(DeliveryEngine.Builder<E> engine,
            SinkMetrics.Builder metrics) {
        return super.configure(engine, metrics)
                .maxBatchRecords(maxBatchRecords)
                .maxInFlightRequests(maxInFlightRequests)
                .maxBufferedRecords(maxBufferedRecords)
                .maxBufferedBytes(maxBufferedBytes)
                .retryBudget(RetryBudget.of(maxAttempts, maxRetryDuration));
    }
}
