package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.firehose.internal.BatchBuffer;
import io.logpipe.firehose.internal.ErrorClassifier;
import io.logpipe.firehose.internal.ErrorClassifier.Failure;
import io.logpipe.firehose.internal.ErrorClassifier.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * A thread-safe, asynchronous producer of records to one Amazon Data Firehose delivery stream, on
 * the AWS SDK v2 {@link FirehoseAsyncClient}.
 *
 * <pre>{@code
 * try (FirehoseSink sink = FirehoseSink.builder()
 *         .client(firehoseAsyncClient)              // yours: the sink never closes it
 *         .deliveryStream("web-log-ingestion-stream")
 *         .linger(Duration.ofSeconds(1))
 *         .build()) {
 *     sink.send(line.getBytes(UTF_8))
 *         .whenComplete((ok, error) -> { ... });  // error is a FirehoseDeliveryException
 * }                                               // close() flushes and waits
 * }</pre>
 *
 * <p><b>Batching.</b> Records are gathered into {@code PutRecordBatch} calls of at most
 * {@value #MAX_BATCH_RECORDS} records and {@value #MAX_BATCH_BYTES} bytes (the service limits, or
 * smaller if configured). A batch is sent when it is full, when the next record would not fit, when
 * its oldest record is {@link Builder#linger(Duration) linger} old, or on {@link #flush()}. A record
 * larger than {@value #MAX_RECORD_BYTES} bytes is rejected by {@link #send(byte[])}, unless record
 * packing is on, which splits it at line boundaries.
 *
 * <p><b>Retries.</b> A call answered with {@code FailedPutCount > 0} is retried with only its failed
 * entries, matched by index; successful entries are never sent twice by the sink. Failed calls and
 * entries are retried after an exponential backoff with jitter ({@link Builder#initialBackoff},
 * {@link Builder#maxBackoff}), within a budget of {@link Builder#maxAttempts attempts} and
 * {@link Builder#maxRetryDuration time}. Errors that cannot succeed on retry
 * ({@code ResourceNotFoundException}, access denied, invalid argument, bad credentials, a
 * misconfigured client) are never retried. A record given up goes to the
 * {@link Builder#deadLetterHandler dead-letter handler}, then its future fails with a
 * {@link FirehoseDeliveryException} carrying the last error code. Duplicates remain possible where
 * the protocol allows them: a call that timed out or whose connection dropped after the service
 * processed it is retried.
 *
 * <p><b>Flow control.</b> At most {@link Builder#maxInFlightRequests} calls are in flight; the limit
 * is halved on throttling and grows back by one per call answered without throttling (AIMD). The records held by the
 * sink (buffered, in flight or waiting to be retried) are bounded by
 * {@link Builder#maxBufferedRecords} and {@link Builder#maxBufferedBytes}; when the bound is reached,
 * {@code send} blocks or fails fast, as chosen with {@link Builder#backpressure}.
 *
 * <p><b>SDK retries.</b> A client the sink builds itself has the SDK's own retries turned off: the
 * sink retries with its own budget, sees every throttle (to cut its in-flight limit), and retries
 * only the failed entries, where the SDK would re-send a whole call. A client passed in is used as
 * configured; its retries then run underneath the sink's.
 *
 * <p><b>Threads and ownership.</b> All methods are thread-safe. Futures complete on the SDK's
 * completion threads or the sink's scheduler: do not block in their callbacks (use the
 * {@code ...Async} variants to move work elsewhere). The sink closes the client and scheduler it
 * created, and never those it was given.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html">PutRecordBatch</a>
 */
@API(status = STABLE)
public final class FirehoseSink implements AutoCloseable {

    /** The largest record Firehose accepts, before base64: {@value} bytes. */
    public static final int MAX_RECORD_BYTES = 1_024_000;

    /** The most records per {@code PutRecordBatch} call: {@value}. */
    public static final int MAX_BATCH_RECORDS = 500;

    /** The most bytes per {@code PutRecordBatch} call: {@value} (4 MiB). */
    public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    /** Default {@link Builder#maxBatchRecords}: {@value}. */
    public static final int DEFAULT_MAX_BATCH_RECORDS = MAX_BATCH_RECORDS;

    /** Default {@link Builder#maxBatchBytes}: {@value}. */
    public static final long DEFAULT_MAX_BATCH_BYTES = MAX_BATCH_BYTES;

    /** Default {@link Builder#linger}: 1 second. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

    /** Default {@link Builder#maxInFlightRequests}: {@value}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 10;

    /** Default {@link Builder#maxBufferedRecords}: {@value}. */
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = 20_000;

    /** Default {@link Builder#maxBufferedBytes}: {@value} (64 MiB). */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

    /** Default {@link Builder#backpressure}: {@link Backpressure#BLOCK}. */
    public static final Backpressure DEFAULT_BACKPRESSURE = Backpressure.BLOCK;

    /** Default {@link Builder#blockTimeout}: 60 seconds (the Kinesis Agent's full-queue wait). */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(60);

    /** Default {@link Builder#maxAttempts}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 30;

    /** Default {@link Builder#maxRetryDuration}: 5 minutes. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);

    /** Default {@link Builder#initialBackoff}: 100 ms (the Kinesis Agent's). */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** Default {@link Builder#maxBackoff}: 10 seconds (the Kinesis Agent's). */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    /** Default {@link Builder#closeTimeout}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseSink.class);

    private final FirehoseAsyncClient client;
    private final boolean ownsClient;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final String stream;
    private final Ticker ticker;
    private final long lingerNanos;
    private final int maxInFlightRequests;
    private final int maxBufferedRecords;
    private final long maxBufferedBytes;
    private final Backpressure backpressure;
    private final long blockTimeoutNanos;
    private final int maxAttempts;
    private final long maxRetryNanos;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long closeTimeoutNanos;
    private final DeadLetterHandler deadLetterHandler;
    private final int recordPackingBytes;
    private final int maxBatchRecords;
    private final long maxBatchBytes;
    private final ThrottleShare throttleShare = new ThrottleShare();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final BatchBuffer<Entry> buffer;
    private final @Nullable Packer packer;
    private final ArrayDeque<List<Entry>> ready = new ArrayDeque<>();
    private final Set<List<Entry>> inFlightBatches = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<List<Entry>> retryWaiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private int inFlight;
    private double inFlightLimit;
    private volatile long pendingRecords;
    private long pendingBytes;
    private Epoch epoch = new Epoch();
    private final ArrayDeque<Epoch> sealedEpochs = new ArrayDeque<>();
    private boolean lingerScheduled;
    private boolean closed;
    private volatile boolean abandoned;

    private final Timer requestsSuccess;
    private final Timer requestsPartial;
    private final Timer requestsFailure;
    private final Counter recordsDelivered;
    private final Counter recordsRetried;
    private final Counter recordsDropped;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder firehoseRecords = new LongAdder();
    private final LongAdder payloadBytes = new LongAdder();
    private final LongAdder billedBytes = new LongAdder();

    private FirehoseSink(Builder b, String stream) {
        this.stream = stream;
        if (b.client != null) {
            this.client = b.client;
            this.ownsClient = false;
        } else {
            this.client = newClient(b);
            this.ownsClient = true;
        }
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownsScheduler = false;
        } else {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "logpipe-firehose-" + stream);
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            this.scheduler = s;
            this.ownsScheduler = true;
        }
        this.ticker = b.ticker;
        this.lingerNanos = b.linger.toNanos();
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.inFlightLimit = b.maxInFlightRequests;
        this.maxBufferedRecords = b.maxBufferedRecords;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.backpressure = b.backpressure;
        this.blockTimeoutNanos = b.blockTimeout.toNanos();
        this.maxAttempts = b.maxAttempts;
        this.maxRetryNanos = b.maxRetryDuration.toNanos();
        this.initialBackoffNanos = b.initialBackoff.toNanos();
        this.maxBackoffNanos = b.maxBackoff.toNanos();
        this.closeTimeoutNanos = b.closeTimeout.toNanos();
        this.deadLetterHandler = b.deadLetterHandler;
        this.recordPackingBytes = b.recordPackingBytes;
        this.maxBatchRecords = b.maxBatchRecords;
        this.maxBatchBytes = b.maxBatchBytes;
        this.buffer = new BatchBuffer<>(b.maxBatchRecords, b.maxBatchBytes, lingerNanos, e -> e.data.length,
                ready::addLast);
        this.packer = recordPackingBytes > 0 ? new Packer(recordPackingBytes, e -> {
            enterEpochLocked(e);
            buffer.add(e, e.arrivalNanos);
        }) : null;

        MeterRegistry registry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
        Tags tags = Tags.of(FirehoseMetricNames.TAG_STREAM, stream);
        this.requestsSuccess = requestTimer(registry, tags, FirehoseMetricNames.OUTCOME_SUCCESS);
        this.requestsPartial = requestTimer(registry, tags, FirehoseMetricNames.OUTCOME_PARTIAL);
        this.requestsFailure = requestTimer(registry, tags, FirehoseMetricNames.OUTCOME_FAILURE);
        this.recordsDelivered = recordCounter(registry, tags, FirehoseMetricNames.RESULT_DELIVERED);
        this.recordsRetried = recordCounter(registry, tags, FirehoseMetricNames.RESULT_RETRIED);
        this.recordsDropped = recordCounter(registry, tags, FirehoseMetricNames.RESULT_DROPPED);
        this.batchRecords = DistributionSummary.builder(FirehoseMetricNames.BATCH_RECORDS).tags(tags)
                .description("Records per PutRecordBatch call").register(registry);
        this.batchBytes = DistributionSummary.builder(FirehoseMetricNames.BATCH_BYTES).tags(tags).baseUnit("bytes")
                .description("Payload bytes per PutRecordBatch call").register(registry);
        Gauge.builder(FirehoseMetricNames.BUFFER_RECORDS, this, s -> s.pendingRecords).tags(tags)
                .description("Records sent to the sink and not yet delivered or given up").register(registry);
    }

    private static Timer requestTimer(MeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder(FirehoseMetricNames.REQUESTS).tags(tags).tag(FirehoseMetricNames.TAG_OUTCOME, outcome)
                .description("PutRecordBatch calls by outcome").register(registry);
    }

    private static Counter recordCounter(MeterRegistry registry, Tags tags, String result) {
        return Counter.builder(FirehoseMetricNames.RECORDS).tags(tags).tag(FirehoseMetricNames.TAG_RESULT, result)
                .description("Records delivered, re-sent after a failure, or given up").register(registry);
    }

    private static FirehoseAsyncClient newClient(Builder b) {
        // one factory for every Firehose client logpipe builds: SDK retries off (the sink retries itself,
        // entry by entry and within its own budget), dummy credentials for a loopback endpoint
        return FirehoseClients.builder().region(b.region).endpoint(b.endpointOverride)
                .credentialsProvider(b.credentialsProvider)
                .maxConcurrency(Math.max(FirehoseClients.DEFAULT_MAX_CONCURRENCY, b.maxInFlightRequests * 2))
                .build();
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with every option at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the delivery stream this sink writes to.
     *
     * @return the stream name
     */
    public String deliveryStream() {
        return stream;
    }

    /**
     * Sends one record. Returns at once unless the sink is full and in {@link Backpressure#BLOCK}
     * mode, where it waits for space at most {@link Builder#blockTimeout} long.
     *
     * <p>The future completes when Firehose accepted the record (with record packing, when every
     * packed record holding a piece of it was accepted), or exceptionally with a
     * {@link FirehoseDeliveryException}: at once if the record is too large
     * ({@link FirehoseDeliveryException#RECORD_TOO_LARGE}), the sink is full
     * ({@link FirehoseDeliveryException#BUFFER_FULL}) or closed
     * ({@link FirehoseDeliveryException#SINK_CLOSED}); later with the service's error code after a
     * non-retryable error or the retry budget, once the record was handed to the dead-letter handler.
     *
     * @param record the record's bytes, at most {@value #MAX_RECORD_BYTES} unless packing is on; the
     *     sink keeps the array, do not modify it afterwards
     * @return the record's future, never {@code null}
     */
    public CompletableFuture<Void> send(byte[] record) {
        Objects.requireNonNull(record, "record");
        CompletableFuture<Void> future = new CompletableFuture<>();
        List<byte[]> pieces = null;
        if (packer == null) {
            if (record.length > MAX_RECORD_BYTES) {
                return reject(future, FirehoseDeliveryException.RECORD_TOO_LARGE, "record of " + record.length
                        + " bytes exceeds Firehose's limit of " + MAX_RECORD_BYTES
                        + " bytes; split it, or turn on recordPacking to split at line boundaries");
            }
        } else {
            pieces = Packer.pieces(record, recordPackingBytes, MAX_RECORD_BYTES);
            if (pieces == null) {
                return reject(future, FirehoseDeliveryException.RECORD_TOO_LARGE, "record of " + record.length
                        + " bytes has a line longer than Firehose's limit of " + MAX_RECORD_BYTES + " bytes");
            }
        }
        String refusal = null;
        String refusalCode = null;
        boolean dispatchNeeded = false;
        boolean scheduleLinger = false;
        // read the clock and allocate before taking the lock: the critical section stays a few field updates
        long now = ticker.read();
        Entry.Single single = packer == null ? new Entry.Single(record, now, future) : null;
        boolean waited = false;
        lock.lock();
        try {
            if (closed) {
                refusalCode = FirehoseDeliveryException.SINK_CLOSED;
                refusal = "the sink is closed";
            } else {
                long waitNanos = blockTimeoutNanos;
                while (pendingRecords > 0
                        && (pendingRecords >= maxBufferedRecords || pendingBytes + record.length > maxBufferedBytes)) {
                    if (backpressure == Backpressure.FAIL_FAST || waitNanos <= 0) {
                        refusalCode = FirehoseDeliveryException.BUFFER_FULL;
                        refusal = "the sink holds " + pendingRecords + " records / " + pendingBytes
                                + " bytes, its limit (maxBufferedRecords=" + maxBufferedRecords + ", maxBufferedBytes="
                                + maxBufferedBytes + ")" + (backpressure == Backpressure.BLOCK
                                        ? " for the whole blockTimeout of " + Duration.ofNanos(blockTimeoutNanos) : "");
                        break;
                    }
                    try {
                        waited = true;
                        waitNanos = notFull.awaitNanos(waitNanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        refusalCode = FirehoseDeliveryException.INTERRUPTED;
                        refusal = "interrupted while waiting for buffer space";
                        break;
                    }
                    if (closed) {
                        refusalCode = FirehoseDeliveryException.SINK_CLOSED;
                        refusal = "the sink was closed while waiting for buffer space";
                        break;
                    }
                }
                if (refusal == null) {
                    pendingRecords++;
                    pendingBytes += record.length;
                    accepted.increment();
                    if (waited) {
                        // the record arrives when it got space
                        now = ticker.read();
                        single = single == null ? null : new Entry.Single(record, now, future);
                    }
                    if (single != null) {
                        enterEpochLocked(single);
                        dispatchNeeded = buffer.add(single, now);
                    } else {
                        Entry.Completion c = new Entry.Completion(future, record.length, pieces.size());
                        for (byte[] piece : pieces) {
                            packer.add(piece, c, now);
                        }
                        dispatchNeeded = !ready.isEmpty();
                    }
                    if (!lingerScheduled && (buffer.size() > 0 || packer != null && !packer.isEmpty())) {
                        lingerScheduled = true;
                        scheduleLinger = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            return reject(future, refusalCode, refusal);
        }
        if (scheduleLinger) {
            scheduleOrRun(this::onLinger, lingerNanos);
        }
        if (dispatchNeeded) {
            dispatch();
        }
        return future;
    }

    private CompletableFuture<Void> reject(CompletableFuture<Void> future, String code, String reason) {
        rejected.increment();
        recordsDropped.increment();
        future.completeExceptionally(new FirehoseDeliveryException(
                "Record rejected by the Firehose sink for stream '" + stream + "': " + reason, code, reason,
                FirehoseDeliveryException.BUFFER_FULL.equals(code), null));
        return future;
    }

    /**
     * Sends everything buffered now, without waiting for the linger time.
     *
     * @return a future that completes (normally) once every record sent before this call is settled:
     *     delivered, or failed and dead-lettered
     */
    public CompletableFuture<Void> flush() {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        Epoch ended;
        lock.lock();
        try {
            if (packer != null) {
                packer.seal();
            }
            buffer.flush();
            ended = epoch;
            ended.sealed = true;
            epoch = new Epoch();
            if (ended.pending > 0) {
                sealedEpochs.addLast(ended);
            }
            for (Epoch e : sealedEpochs) {
                waits.add(e.drained);
            }
        } finally {
            lock.unlock();
        }
        dispatch();
        if (waits.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * The entries created between two flushes, counted so that a flush waits for exactly the entries
     * before it, without a dependent on every record's future. Guarded by the sink's lock, except
     * {@code drained}, completed outside it once every entry of a sealed epoch is settled.
     */
    static final class Epoch {
        long pending;
        boolean sealed;
        final CompletableFuture<Void> drained = new CompletableFuture<>();
    }

    private void enterEpochLocked(Entry e) {
        e.epoch = epoch;
        epoch.pending++;
    }

    /**
     * Settled entries counted by flush epoch, gathered outside the lock: the entries of one batch
     * nearly always share one epoch (two when a flush fell inside the batch), so leaving the epochs
     * costs a few updates under the lock, not one per entry.
     */
    static final class EpochTally {
        private Epoch[] epochs = new Epoch[2];
        private long[] counts = new long[2];
        private int runs;
        private long entries;

        void add(Epoch ep) {
            entries++;
            if (runs > 0 && epochs[runs - 1] == ep) {
                counts[runs - 1]++;
                return;
            }
            if (runs == epochs.length) {
                epochs = Arrays.copyOf(epochs, runs * 2);
                counts = Arrays.copyOf(counts, runs * 2);
            }
            epochs[runs] = ep;
            counts[runs++] = 1;
        }

        long entries() {
            return entries;
        }
    }

    /** Counts the entries settled; returns the sealed epochs now drained (complete them outside the lock). */
    private @Nullable List<Epoch> leaveEpochsLocked(EpochTally settled) {
        List<Epoch> drained = null;
        for (int i = 0; i < settled.runs; i++) {
            Epoch ep = settled.epochs[i];
            ep.pending -= settled.counts[i];
            if (ep.pending == 0 && ep.sealed) {
                if (drained == null) {
                    drained = new ArrayList<>(1);
                }
                drained.add(ep);
                sealedEpochs.remove(ep);
            }
        }
        return drained;
    }

    private static void completeDrained(@Nullable List<Epoch> drained) {
        if (drained != null) {
            for (Epoch ep : drained) {
                ep.drained.complete(null);
            }
        }
    }

    /**
     * Returns a snapshot of the sink's counters.
     *
     * @return the counters since the sink was built
     */
    public FirehoseSinkStats stats() {
        return new FirehoseSinkStats(accepted.sum(), delivered.sum(), retried.sum(), deadLettered.sum(),
                rejected.sum(), requests.sum(), firehoseRecords.sum(), payloadBytes.sum(), billedBytes.sum(),
                pendingRecords);
    }

    /**
     * Stops taking records, flushes, and waits at most {@link Builder#closeTimeout} for every record
     * to settle. Records still unsettled then are handed to the dead-letter handler and their futures
     * fail with {@link FirehoseDeliveryException#SINK_CLOSED}. Closes the client and scheduler if the
     * sink created them, never those passed to its builder. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flush().get(closeTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon("not delivered within the closeTimeout of " + Duration.ofNanos(closeTimeoutNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon("close() was interrupted before the record was delivered");
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the flush future never fails", e);
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
            if (ownsClient) {
                client.close();
            }
        }
    }

    private void abandon(String reason) {
        List<Entry> left = new ArrayList<>();
        lock.lock();
        try {
            abandoned = true;
            if (packer != null) {
                packer.seal();
            }
            buffer.flush();
            for (List<Entry> b : ready) {
                left.addAll(b);
            }
            for (List<Entry> b : inFlightBatches) {
                left.addAll(b);
            }
            for (List<Entry> b : retryWaiting) {
                left.addAll(b);
            }
            ready.clear();
            retryWaiting.clear();
        } finally {
            lock.unlock();
        }
        Failure f = new Failure(Kind.FATAL, FirehoseDeliveryException.SINK_CLOSED, reason, null);
        List<Map.Entry<Entry, Failure>> dead = new ArrayList<>(left.size());
        for (Entry e : left) {
            dead.add(Map.entry(e, f));
        }
        deadLetter(dead);
    }

    private void onLinger() {
        boolean dispatchNeeded;
        long next;
        lock.lock();
        try {
            long now = ticker.read();
            if (packer != null && !packer.isEmpty() && now - packer.firstAddedNanos() >= lingerNanos) {
                packer.seal();
            }
            buffer.emitIfExpired(now);
            next = buffer.nanosUntilExpiry(now);
            if (packer != null && !packer.isEmpty()) {
                long p = Math.max(0, packer.firstAddedNanos() + lingerNanos - now);
                next = next < 0 ? p : Math.min(next, p);
            }
            lingerScheduled = next >= 0;
            dispatchNeeded = !ready.isEmpty();
        } finally {
            lock.unlock();
        }
        if (next >= 0) {
            scheduleOrRun(this::onLinger, Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)));
        }
        if (dispatchNeeded) {
            dispatch();
        }
    }

    private void scheduleOrRun(Runnable task, long delayNanos) {
        try {
            scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the scheduler is shut down (closing): close() flushes what is left
            LOG.debug("Firehose sink scheduler rejected a task [stream={}]", stream);
        }
    }

    private void dispatch() {
        while (true) {
            List<Entry> batch;
            lock.lock();
            try {
                if (abandoned || ready.isEmpty() || inFlight >= (int) inFlightLimit) {
                    return;
                }
                batch = topUpLocked(ready.pollFirst());
                inFlight++;
                inFlightBatches.add(batch);
            } finally {
                lock.unlock();
            }
            sendBatch(batch);
        }
    }

    /**
     * Fills a batch that is not full (the failed entries of an earlier call, re-queued on their own)
     * with the entries queued behind it, then with the batching buffer's, up to the batch limits, so
     * that a retry costs a share of a call rather than a call: with 20 % of entries failing, retries
     * as batches of their own made almost five times as many calls as without failures.
     */
    private List<Entry> topUpLocked(List<Entry> batch) {
        if (batch.size() >= maxBatchRecords) {
            return batch;
        }
        long bytes = 0;
        for (Entry e : batch) {
            bytes += e.data.length;
        }
        List<Entry> merged = batch;
        while (merged.size() < maxBatchRecords) {
            if (ready.isEmpty() && !buffer.flush()) {
                break;
            }
            List<Entry> next = ready.peekFirst();
            int i = 0;
            while (i < next.size() && merged.size() + i < maxBatchRecords
                    && bytes + next.get(i).data.length <= maxBatchBytes) {
                bytes += next.get(i++).data.length;
            }
            if (i == 0) {
                break;
            }
            if (merged == batch) {
                merged = new ArrayList<>(maxBatchRecords);
                merged.addAll(batch);
            }
            merged.addAll(next.subList(0, i));
            ready.pollFirst();
            if (i < next.size()) {
                ready.addFirst(new ArrayList<>(next.subList(i, next.size())));
                break;
            }
        }
        return merged;
    }

    private void sendBatch(List<Entry> batch) {
        List<Record> records = new ArrayList<>(batch.size());
        long bytes = 0;
        int resent = 0;
        for (Entry e : batch) {
            if (e.attempts++ > 0) {
                resent++;
            }
            records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(e.data)).build());
            bytes += e.data.length;
        }
        if (resent > 0) {
            retried.add(resent);
            recordsRetried.increment(resent);
        }
        requests.increment();
        batchRecords.record(batch.size());
        batchBytes.record(bytes);
        long start = ticker.read();
        CompletableFuture<PutRecordBatchResponse> call;
        try {
            call = client.putRecordBatch(
                    PutRecordBatchRequest.builder().deliveryStreamName(stream).records(records).build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((response, error) -> onResponse(batch, start, response, error));
    }

    private void onResponse(List<Entry> batch, long start, @Nullable PutRecordBatchResponse response,
            @Nullable Throwable error) {
        List<Entry> succeeded = new ArrayList<>();
        List<Map.Entry<Entry, Failure>> failed = new ArrayList<>();
        boolean throttled = false;
        boolean answered = false;
        try {
            long elapsed = ticker.read() - start;
            if (error != null) {
                Failure f = ErrorClassifier.classify(error);
                requestsFailure.record(elapsed, TimeUnit.NANOSECONDS);
                throttled = f.kind() == Kind.THROTTLED;
                LOG.debug("Firehose PutRecordBatch failed [stream={}, records={}, errorCode={}, kind={}]", stream,
                        batch.size(), f.errorCode(), f.kind());
                for (Entry e : batch) {
                    failed.add(Map.entry(e, f));
                }
            } else {
                List<PutRecordBatchResponseEntry> answers = response.requestResponses();
                Integer failedCount = response.failedPutCount();
                if (failedCount != null && failedCount == 0 && answers.size() == batch.size()) {
                    requestsSuccess.record(elapsed, TimeUnit.NANOSECONDS);
                    answered = true;
                    succeeded = batch;
                } else {
                    requestsPartial.record(elapsed, TimeUnit.NANOSECONDS);
                    int throttledEntries = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        Entry e = batch.get(i);
                        PutRecordBatchResponseEntry a = i < answers.size() ? answers.get(i) : null;
                        if (a != null && a.errorCode() == null) {
                            succeeded.add(e);
                        } else {
                            // no answer for this index: the service did not say it stored it, so send again
                            Failure f = a == null
                                    ? new Failure(Kind.RETRYABLE, "MissingResponseEntry",
                                            "the response had " + answers.size() + " entries for " + batch.size(), null)
                                    : ErrorClassifier.classifyEntry(a.errorCode(), a.errorMessage());
                            if (f.kind() == Kind.THROTTLED) {
                                throttledEntries++;
                            }
                            failed.add(Map.entry(e, f));
                        }
                    }
                    // a call mostly refused for throughput is a throttle: cut the in-flight limit. Judged
                    // on a moving share over about one batch of entries, not on this call alone: a small
                    // call of re-sent entries is "mostly throttled" by chance with random per-entry
                    // failures, and halving the limit and backing off there stalled the last records
                    throttled = throttleShare.update(throttledEntries, batch.size(), maxBatchRecords) >= 0.5;
                    answered = true;
                    LOG.debug("Firehose batch partially failed [stream={}, failed={}, total={}]", stream,
                            failed.size(), batch.size());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Firehose sink failed to read a PutRecordBatch result; re-sending the batch [stream={}, records={}]",
                    stream, batch.size(), e);
            succeeded = new ArrayList<>();
            failed.clear();
            Failure f = new Failure(Kind.RETRYABLE, FirehoseDeliveryException.CLIENT_ERROR, String.valueOf(e), e);
            for (Entry en : batch) {
                failed.add(Map.entry(en, f));
            }
        }
        if (succeeded == batch && failed.isEmpty()) {
            onBatchDelivered(batch);
            return;
        }
        // bookkeeping first, so that a caller woken by a future sees the sink's state up to date
        List<Entry> retry = new ArrayList<>(failed.size());
        List<Map.Entry<Entry, Failure>> dead = new ArrayList<>();
        long retryDelay = 0;
        lock.lock();
        try {
            // the batch stays in inFlightBatches until its futures are settled (flush() waits for them)
            inFlight--;
            if (throttled) {
                inFlightLimit = Math.max(1, inFlightLimit / 2);
            } else if (answered) {
                inFlightLimit = Math.min(maxInFlightRequests, inFlightLimit + 1);
            }
            long now = ticker.read();
            int maxAttemptsSeen = 0;
            // a call the service answered, storing some entries and refusing few for throughput, is
            // not an overload: its failed entries are re-sent at once (within the same budget). A
            // backoff there only held the caller's ordered acknowledgements: the agent took 2.4x as
            // long with 20 % of entries failing (docs/design/firehose-sink.md, "Partial failures")
            boolean resendAtOnce = answered && !throttled && !succeeded.isEmpty();
            for (Map.Entry<Entry, Failure> f : failed) {
                Entry e = f.getKey();
                if (e.isSettled()) {
                    continue;
                }
                if (!f.getValue().retryable() || abandoned || e.attempts >= maxAttempts
                        || now - e.arrivalNanos + (resendAtOnce ? 0 : backoffNanos(e.attempts, 0.5)) > maxRetryNanos) {
                    dead.add(f);
                } else {
                    retry.add(e);
                    maxAttemptsSeen = Math.max(maxAttemptsSeen, e.attempts);
                }
            }
            if (!retry.isEmpty()) {
                retryWaiting.add(retry);
                retryDelay = resendAtOnce ? 0 : backoffNanos(maxAttemptsSeen, ThreadLocalRandom.current().nextDouble());
            }
        } finally {
            lock.unlock();
        }
        Entry.Release release = new Entry.Release();
        List<CompletableFuture<Void>> completed = new ArrayList<>(succeeded.size());
        EpochTally settled = settleDelivered(succeeded, completed, release);
        List<Epoch> drained;
        lock.lock();
        try {
            releaseLocked(release);
            drained = leaveEpochsLocked(settled);
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<Void> f : completed) {
            f.complete(null);
        }
        completeDrained(drained);
        if (!dead.isEmpty()) {
            deadLetter(dead);
        }
        lock.lock();
        try {
            inFlightBatches.remove(batch);
        } finally {
            lock.unlock();
        }
        if (!retry.isEmpty()) {
            scheduleRetry(retry, retryDelay);
        }
        dispatch();
    }

    /**
     * The common case, a call whose every entry was accepted: one pass over the entries to settle
     * them, one lock for all the bookkeeping (in-flight count, back-pressure, flush epochs), then the
     * futures in a tight loop, then the next batches.
     */
    private void onBatchDelivered(List<Entry> batch) {
        Entry.Release release = new Entry.Release();
        List<CompletableFuture<Void>> completed = new ArrayList<>(batch.size());
        EpochTally settled = settleDelivered(batch, completed, release);
        List<Epoch> drained;
        lock.lock();
        try {
            inFlight--;
            inFlightLimit = Math.min(maxInFlightRequests, inFlightLimit + 1);
            releaseLocked(release);
            drained = leaveEpochsLocked(settled);
            // every entry is settled (here, or earlier by close()): abandon() has nothing left to take from it
            inFlightBatches.remove(batch);
        } finally {
            lock.unlock();
        }
        for (int i = 0, n = completed.size(); i < n; i++) {
            completed.get(i).complete(null);
        }
        completeDrained(drained);
        dispatch();
    }

    /**
     * Settles the entries of {@code accepted} not settled yet, collects the futures to complete and
     * the space to release, and adds the counters (before any future completes). Outside the lock.
     */
    private EpochTally settleDelivered(List<Entry> accepted, List<CompletableFuture<Void>> completed,
            Entry.Release release) {
        EpochTally tally = new EpochTally();
        long bytes = 0;
        long billed = 0;
        for (int i = 0, n = accepted.size(); i < n; i++) {
            Entry e = accepted.get(i);
            if (e.trySettle()) {
                e.prepareSuccess(completed, release);
                tally.add(e.epoch);
                int length = e.data.length;
                bytes += length;
                billed += FirehoseBilling.billedBytes(length);
            }
        }
        firehoseRecords.add(tally.entries());
        payloadBytes.add(bytes);
        billedBytes.add(billed);
        delivered.add(completed.size());
        recordsDelivered.increment(completed.size());
        return tally;
    }

    private void releaseLocked(Entry.Release release) {
        if (release.records > 0 || release.bytes > 0) {
            pendingRecords -= release.records;
            pendingBytes -= release.bytes;
            notFull.signalAll();
        }
    }

    /**
     * The share of throttled entries over about the last {@code window} entries answered, weighted by
     * entries (an exponential moving average). Thread-safe.
     */
    static final class ThrottleShare {
        private double share;

        synchronized double update(int throttled, int entries, int window) {
            if (entries > 0) {
                double weight = (double) entries / (entries + window);
                share += weight * ((double) throttled / entries - share);
            }
            return share;
        }
    }

    /** Exponential backoff with jitter: uniform in [d/2, d], d = min(max, initial * 2^(attempts-1)). */
    private long backoffNanos(int attempts, double random) {
        int shift = Math.min(30, Math.max(0, attempts - 1));
        long d = Math.min(maxBackoffNanos, initialBackoffNanos << shift);
        if (d < 0) {
            d = maxBackoffNanos;
        }
        return d / 2 + (long) (d / 2 * random);
    }

    /** Re-queues {@code retry} (already in {@code retryWaiting}) after the delay. */
    private void scheduleRetry(List<Entry> retry, long delayNanos) {
        Runnable requeue = () -> {
            lock.lock();
            try {
                if (!retryWaiting.remove(retry)) {
                    return;
                }
                retry.removeIf(Entry::isSettled);
                if (!retry.isEmpty()) {
                    ready.addFirst(retry);
                }
            } finally {
                lock.unlock();
            }
            dispatch();
        };
        if (delayNanos <= 0) {
            // ahead of the batches queued behind it, before this answer dispatches them
            requeue.run();
            return;
        }
        try {
            scheduler.schedule(requeue, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            requeue.run();
        }
    }

    /** Hands entries to the dead-letter handler, then fails their futures and releases their space. */
    private void deadLetter(List<Map.Entry<Entry, Failure>> dead) {
        Entry.Release release = new Entry.Release();
        Instant wallNow = Instant.now();
        long now = ticker.read();
        List<DeadLetter> letters = new ArrayList<>(dead.size());
        List<Map.Entry<Entry, Failure>> settled = new ArrayList<>(dead.size());
        for (Map.Entry<Entry, Failure> d : dead) {
            Entry e = d.getKey();
            if (!e.trySettle()) {
                continue;
            }
            Failure f = d.getValue();
            settled.add(d);
            letters.add(new DeadLetter(stream, e.data, f.errorCode(), f.errorMessage(), e.attempts,
                    wallNow.minusNanos(Math.max(0, now - e.arrivalNanos)), wallNow));
        }
        if (letters.isEmpty()) {
            return;
        }
        try {
            deadLetterHandler.handle(letters);
        } catch (RuntimeException ex) {
            LOG.error("Dead-letter handler failed; the records are lost [stream={}, records={}]", stream,
                    letters.size(), ex);
        }
        Map<Failure, FirehoseDeliveryException> errors = new IdentityHashMap<>();
        List<CompletableFuture<Void>> failed = new ArrayList<>(settled.size());
        List<FirehoseDeliveryException> reasons = new ArrayList<>(settled.size());
        for (Map.Entry<Entry, Failure> d : settled) {
            Entry e = d.getKey();
            FirehoseDeliveryException error = errors.computeIfAbsent(d.getValue(), f -> toException(f, e.attempts));
            int before = failed.size();
            e.prepareFailure(failed, release);
            for (int i = before; i < failed.size(); i++) {
                reasons.add(error);
            }
        }
        deadLettered.add(failed.size());
        recordsDropped.increment(failed.size());
        LOG.debug("Firehose records given up [stream={}, firehoseRecords={}]", stream, settled.size());
        EpochTally entries = new EpochTally();
        for (Map.Entry<Entry, Failure> d : settled) {
            entries.add(d.getKey().epoch);
        }
        List<Epoch> drained;
        lock.lock();
        try {
            releaseLocked(release);
            drained = leaveEpochsLocked(entries);
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < failed.size(); i++) {
            failed.get(i).completeExceptionally(reasons.get(i));
        }
        completeDrained(drained);
    }

    private FirehoseDeliveryException toException(Failure f, int attempts) {
        String why;
        if (!f.retryable()) {
            why = "a non-retryable error" + hint(f.errorCode());
        } else {
            why = "retrying gave up after " + attempts + " attempt(s) (maxAttempts=" + maxAttempts
                    + ", maxRetryDuration=" + Duration.ofNanos(maxRetryNanos) + ")";
        }
        if (FirehoseDeliveryException.SINK_CLOSED.equals(f.errorCode())) {
            why = "the sink closed";
        }
        return new FirehoseDeliveryException("Record not delivered to Firehose stream '" + stream + "' after "
                + attempts + " attempt(s): " + f.errorCode() + ": " + f.errorMessage() + " (" + why + ")",
                f.errorCode(), f.errorMessage(), f.retryable(), f.cause());
    }

    private static String hint(String code) {
        switch (code) {
            case "ResourceNotFoundException":
                return "; check the delivery stream name and the region, or create the stream";
            case "AccessDeniedException":
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
            case "ExpiredTokenException":
                return "; check the credentials and their firehose:PutRecordBatch permission";
            default:
                return "";
        }
    }

    /**
     * Builds a {@link FirehoseSink}. Only {@link #deliveryStream(String)} is required; with no
     * {@link #client(FirehoseAsyncClient)} the sink builds (and later closes) its own client from
     * {@link #region(Region)}, {@link #endpointOverride(URI)} and {@link #credentialsProvider}, or
     * the SDK's default chains.
     */
    @API(status = STABLE)
    public static final class Builder {
        private @Nullable FirehoseAsyncClient client;
        private @Nullable Region region;
        private @Nullable URI endpointOverride;
        private @Nullable AwsCredentialsProvider credentialsProvider;
        private @Nullable String deliveryStream;
        private int maxBatchRecords = DEFAULT_MAX_BATCH_RECORDS;
        private long maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private Duration linger = DEFAULT_LINGER;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private int maxBufferedRecords = DEFAULT_MAX_BUFFERED_RECORDS;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private Backpressure backpressure = DEFAULT_BACKPRESSURE;
        private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxRetryDuration = DEFAULT_MAX_RETRY_DURATION;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private DeadLetterHandler deadLetterHandler = DeadLetterHandler.NONE;
        private int recordPackingBytes;
        private @Nullable MeterRegistry meterRegistry;
        private @Nullable ScheduledExecutorService scheduler;
        private Ticker ticker = Ticker.system();

        private Builder() {}

        /**
         * Sets the client to use. It stays the caller's: the sink never closes it. Optional. Default:
         * a client the sink builds, with SDK retries off, and closes.
         *
         * @param client the Firehose client
         * @return this builder
         */
        public Builder client(FirehoseAsyncClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the region of the client the sink builds. Optional. Default: as {@link FirehoseClients}
         * chooses (the endpoint's region, the SDK's region chain, then us-east-1).
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the endpoint of the client the sink builds, for example a local Firehose endpoint.
         * Optional. Default: the region's Firehose endpoint.
         *
         * @param endpoint the endpoint URI
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the credentials of the client the sink builds. Optional. Default: the SDK's default
         * credentials chain.
         *
         * @param provider the credentials provider
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sets the delivery stream name. Required.
         *
         * @param name 1 to 64 characters of {@code [a-zA-Z0-9_.-]}
         * @return this builder
         */
        public Builder deliveryStream(String name) {
            this.deliveryStream = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the most records per call. Optional. Default: {@value FirehoseSink#DEFAULT_MAX_BATCH_RECORDS}.
         *
         * @param records 1 to {@value FirehoseSink#MAX_BATCH_RECORDS}
         * @return this builder
         */
        public Builder maxBatchRecords(int records) {
            this.maxBatchRecords = records;
            return this;
        }

        /**
         * Sets the most payload bytes per call. Optional. Default: {@value FirehoseSink#DEFAULT_MAX_BATCH_BYTES}.
         *
         * @param bytes 1 to {@value FirehoseSink#MAX_BATCH_BYTES}
         * @return this builder
         */
        public Builder maxBatchBytes(long bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        /**
         * Sets how long a record may wait for its batch to fill. Optional. Default: 1 second.
         *
         * @param linger zero or positive
         * @return this builder
         */
        public Builder linger(Duration linger) {
            this.linger = Objects.requireNonNull(linger, "linger");
            return this;
        }

        /**
         * Sets the most calls in flight at once (the ceiling of the AIMD limit). Optional. Default:
         * {@value FirehoseSink#DEFAULT_MAX_IN_FLIGHT_REQUESTS}.
         *
         * @param requests at least 1
         * @return this builder
         */
        public Builder maxInFlightRequests(int requests) {
            this.maxInFlightRequests = requests;
            return this;
        }

        /**
         * Sets the most records the sink holds (buffered, in flight, waiting to be retried) before
         * {@code send} applies back-pressure. Optional. Default: {@value FirehoseSink#DEFAULT_MAX_BUFFERED_RECORDS}.
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder maxBufferedRecords(int records) {
            this.maxBufferedRecords = records;
            return this;
        }

        /**
         * Sets the most bytes the sink holds before {@code send} applies back-pressure. Optional.
         * Default: {@value FirehoseSink#DEFAULT_MAX_BUFFERED_BYTES} (64 MiB).
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        /**
         * Sets what {@code send} does when the sink is full. Optional. Default: {@link Backpressure#BLOCK}.
         *
         * @param mode block (with {@link #blockTimeout}) or fail fast
         * @return this builder
         */
        public Builder backpressure(Backpressure mode) {
            this.backpressure = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets how long {@code send} blocks for space in {@link Backpressure#BLOCK} mode. Optional.
         * Default: 60 seconds.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder blockTimeout(Duration timeout) {
            this.blockTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the most times a record is sent, the first included. Optional. Default:
         * {@value FirehoseSink#DEFAULT_MAX_ATTEMPTS}.
         *
         * @param attempts at least 1 (1 means no retry)
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the longest time a record is retried, counted from {@code send}. Optional. Default: 5 minutes.
         *
         * @param duration positive
         * @return this builder
         */
        public Builder maxRetryDuration(Duration duration) {
            this.maxRetryDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * Sets the first retry's backoff. Optional. Default: 100 ms.
         *
         * @param backoff positive
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the largest backoff. Optional. Default: 10 seconds.
         *
         * @param backoff at least {@link #initialBackoff}
         * @return this builder
         */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets how long {@link FirehoseSink#close()} waits for records to settle. Optional. Default: 30 seconds.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets where records given up go. Optional. Default: {@link DeadLetterHandler#NONE} (the
         * failed futures are the only report).
         *
         * @param handler the dead-letter handler
         * @return this builder
         */
        public Builder deadLetterHandler(DeadLetterHandler handler) {
            this.deadLetterHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Turns on record packing: records are treated as newline-terminated lines (a newline is
         * added to a record without one) and packed into Firehose records of at most {@code bytes},
         * which cuts the bill (see {@link FirehoseBilling}); a record larger than that is split at line
         * boundaries. Only for destinations that read lines (S3); with OpenSearch, one Firehose record
         * must stay one document. Optional. Default: 0 (off).
         *
         * @param bytes 0 (off), or 1 to {@value FirehoseSink#MAX_RECORD_BYTES}
         * @return this builder
         */
        public Builder recordPacking(int bytes) {
            this.recordPackingBytes = bytes;
            return this;
        }

        /**
         * Sets the registry to record metrics in. Optional. Default: a private registry that records
         * nothing until a registry is added to it.
         *
         * @param registry the meter registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Sets the scheduler for linger flushes and retry backoffs; the caller's, never shut down by
         * the sink. Optional. Default: a daemon thread of the sink's own.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets the time source, for tests. Optional. Default: {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return a new sink, ready to send
         * @throws IllegalArgumentException if an option is out of range (the message names it)
         * @throws IllegalStateException if no delivery stream was set
         */
        public FirehoseSink build() {
            if (deliveryStream == null) {
                throw new IllegalStateException("deliveryStream is required");
            }
            if (!deliveryStream.matches("[a-zA-Z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("deliveryStream must be 1-64 characters of [a-zA-Z0-9_.-], was '"
                        + deliveryStream + "'");
            }
            check(maxBatchRecords >= 1 && maxBatchRecords <= MAX_BATCH_RECORDS,
                    "maxBatchRecords must be 1.." + MAX_BATCH_RECORDS + ", was " + maxBatchRecords);
            check(maxBatchBytes >= 1 && maxBatchBytes <= MAX_BATCH_BYTES,
                    "maxBatchBytes must be 1.." + MAX_BATCH_BYTES + ", was " + maxBatchBytes);
            check(!linger.isNegative(), "linger must not be negative, was " + linger);
            check(maxInFlightRequests >= 1, "maxInFlightRequests must be >= 1, was " + maxInFlightRequests);
            check(maxBufferedRecords >= 1, "maxBufferedRecords must be >= 1, was " + maxBufferedRecords);
            check(maxBufferedBytes >= 1, "maxBufferedBytes must be >= 1, was " + maxBufferedBytes);
            check(!blockTimeout.isNegative(), "blockTimeout must not be negative, was " + blockTimeout);
            check(maxAttempts >= 1, "maxAttempts must be >= 1, was " + maxAttempts);
            check(!maxRetryDuration.isNegative() && !maxRetryDuration.isZero(),
                    "maxRetryDuration must be positive, was " + maxRetryDuration);
            check(!initialBackoff.isNegative() && !initialBackoff.isZero(),
                    "initialBackoff must be positive, was " + initialBackoff);
            check(maxBackoff.compareTo(initialBackoff) >= 0,
                    "maxBackoff must be >= initialBackoff (" + initialBackoff + "), was " + maxBackoff);
            check(!closeTimeout.isNegative(), "closeTimeout must not be negative, was " + closeTimeout);
            check(recordPackingBytes >= 0 && recordPackingBytes <= MAX_RECORD_BYTES,
                    "recordPacking must be 0 (off) or 1.." + MAX_RECORD_BYTES + ", was " + recordPackingBytes);
            if (client != null && (region != null || endpointOverride != null || credentialsProvider != null)) {
                throw new IllegalArgumentException("region, endpointOverride and credentialsProvider configure the"
                        + " client the sink builds; with client(...) set, configure that client instead");
            }
            return new FirehoseSink(this, deliveryStream);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
