package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.sink.internal.BatchBuffer;
import java.time.Duration;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery engine under every logpipe sink: a generic, thread-safe batching sender whose
 * only service-specific part is a {@link BatchStrategy} that submits a batch and classifies each
 * entry. The engine owns everything else, once: the size-or-linger batching, the in-flight limit
 * (AIMD: halved on throttling, grown by one per answered call), back-pressure
 * ({@link Backpressure}), the {@link RetryBudget}, the {@link Backoff}, per-record futures, flush
 * epochs (a flush waits for exactly the records sent before it), a bounded close, and the meters
 * ({@link SinkMetrics}).
 *
 * <p><b>Entries.</b> A sink sends {@link SingleEntry one entry per caller record}, or packs records
 * into {@link PackedEntry packed entries} with an {@link Assembler}. Entries are batched into calls
 * of at most {@link Builder#maxBatchRecords} entries and {@link Builder#maxBatchBytes} bytes; a batch
 * is sent when full, when the next entry would not fit, when its oldest entry is
 * {@link Builder#linger} old, or on {@link #flush()}. With a zero linger, what is buffered is sent as
 * soon as a request slot is free.
 *
 * <p><b>Outcomes.</b> A {@link BatchResult#delivered() delivered} batch settles in one pass (the fast
 * path). Entries that failed retryably are sent again, only they, within the retry budget: at once
 * when the service answered the call per entry, is not throttling (a moving share of throttled
 * entries over about one batch) and is storing entries (fewer than ten entries in a row not
 * stored), so that per-entry failures at random cost only the re-sent work; otherwise after a
 * backoff. Throttling also halves the in-flight limit; a {@link BatchResult#split split} batch is
 * sent again as two halves. Entries given up (fatal, budget spent, or the sink closed) are handed
 * to {@link BatchStrategy#onGivenUp} before their futures fail with the exception
 * {@link Errors#givenUp} makes.
 *
 * <p><b>Threads and ownership.</b> All methods are thread-safe. Futures complete on the service
 * client's completion threads or the scheduler: do not block in their callbacks. The engine shuts
 * down the scheduler it created, never one it was given.
 *
 * @param <E> the sink's entry type
 */
@API(status = EXPERIMENTAL)
public final class DeliveryEngine<E extends Entry> implements AutoCloseable {

    /** Error code of a record refused because the sink is full: {@value}. */
    public static final String BUFFER_FULL = "BufferFull";

    /** Error code of a record refused or abandoned because the sink is closed: {@value}. */
    public static final String SINK_CLOSED = "SinkClosed";

    /** Error code of a record refused because the caller was interrupted while waiting for space: {@value}. */
    public static final String INTERRUPTED = "Interrupted";

    /** Error code of a failure inside the client or the sink, not an answer of the service: {@value}. */
    public static final String CLIENT_ERROR = "ClientError";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    /**
     * Entries in a row not stored (with none stored between them, across calls) after which even an
     * answered, unthrottled call backs off: ten entries in a row fail by chance once in ten million
     * times with 20 % of entries failing at random (once in a thousand with half failing), while a
     * service refusing every entry reaches it within one full batch, or within ten calls of one.
     */
    static final int UNSTORED_RUN_BEFORE_BACKOFF = 10;

    /** Makes the exceptions a sink's futures fail with: the sink's own typed exceptions. */
    public interface Errors {
        /**
         * Returns the exception of a record refused by {@code send}.
         *
         * @param code {@link #BUFFER_FULL}, {@link #SINK_CLOSED}, {@link #INTERRUPTED}, or a sink's own code
         * @param reason what happened and how to fix it
         * @return the exception
         */
        Throwable rejected(String code, String reason);

        /**
         * Returns the exception of a record given up after it was accepted.
         *
         * @param failure the last failure
         * @param attempts the sends made
         * @param why "a non-retryable error", the spent budget, or "the sink closed"
         * @return the exception
         */
        Throwable givenUp(Failure failure, int attempts, String why);
    }

    private final String name;
    private final BatchStrategy<E> strategy;
    private final Errors errors;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Ticker ticker;
    private final long lingerNanos;
    private final int maxInFlightRequests;
    private final int maxBufferedRecords;
    private final long maxBufferedBytes;
    private final Backpressure backpressure;
    private final long blockTimeoutNanos;
    private final RetryBudget budget;
    private final Backoff backoff;
    private final long closeTimeoutNanos;
    private final SinkMetrics metrics;
    private final boolean observesDelivered;
    private final int maxBatchRecords;
    private final long maxBatchBytes;
    private final ThrottleShare throttleShare = new ThrottleShare();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final BatchBuffer<E> buffer;
    private final @Nullable Assembler assembler;
    private final ArrayDeque<List<E>> ready = new ArrayDeque<>();
    private final Set<List<E>> inFlightBatches = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<List<E>> retryWaiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private int inFlight;
    private double inFlightLimit;
    /** Entries not stored since the last entry stored (failed, answered or not), across calls. */
    private long unstoredRun;
    private volatile long pendingRecords;
    private long pendingBytes;
    private Epoch epoch = new Epoch();
    private final ArrayDeque<Epoch> sealedEpochs = new ArrayDeque<>();
    private boolean lingerScheduled;
    private volatile boolean closed;
    private volatile boolean abandoned;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder givenUp = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder deliveredEntries = new LongAdder();
    private final LongAdder deliveredBytes = new LongAdder();

    private DeliveryEngine(Builder<E> b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.strategy = Objects.requireNonNull(b.strategy, "strategy");
        this.errors = Objects.requireNonNull(b.errors, "errors");
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownsScheduler = false;
        } else {
            String threadName = b.threadName != null ? b.threadName : "logpipe-sink-" + name;
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, threadName);
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
        this.budget = b.retryBudget;
        this.backoff = b.backoff;
        this.closeTimeoutNanos = b.closeTimeout.toNanos();
        this.observesDelivered = strategy.observesDelivered();
        this.maxBatchRecords = b.maxBatchRecords;
        this.maxBatchBytes = b.maxBatchBytes;
        this.buffer = new BatchBuffer<>(b.maxBatchRecords, b.maxBatchBytes, lingerNanos, Entry::bytes, ready::addLast);
        this.assembler = b.assembler == null ? null : b.assembler.apply(e -> {
            enterEpochLocked(e);
            buffer.add(e, e.arrivalNanos);
        });
        this.metrics = b.metrics != null ? b.metrics : SinkMetrics.builder("sink", name).build();
        metrics.bindPending(this, DeliveryEngine::pendingRecords);
    }

    /**
     * Returns a new builder.
     *
     * @param <E> the entry type
     * @return a builder with every option at its default
     */
    public static <E extends Entry> Builder<E> builder() {
        return new Builder<>();
    }

    /**
     * Returns the engine's time source.
     *
     * @return the ticker
     */
    public Ticker ticker() {
        return ticker;
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} once closing
     */
    public boolean isClosed() {
        return closed;
    }

    private long pendingRecords() {
        return pendingRecords;
    }

    /**
     * Sends one entry holding one caller record. Returns at once unless the engine is full and in
     * {@link Backpressure#BLOCK} mode, where it waits for space at most the block timeout.
     *
     * @param entry the entry; the engine restamps its arrival if it waited for space
     * @param future the caller future the entry completes; failed at once if the record is refused
     * @return {@code future}
     */
    public CompletableFuture<Void> send(E entry, CompletableFuture<Void> future) {
        return send(future, entry.bytes(), entry, null);
    }

    /**
     * Sends one caller record through the {@link Builder#assembler assembler}: {@code assembly}
     * runs under the engine's lock, once space is granted, with the arrival time, and adds the
     * record's pieces to the assembler (which completes {@code future} through
     * {@link PackedEntry.Member}).
     *
     * @param future the caller's future; failed at once if the record is refused
     * @param bytes the record's size, counted against the back-pressure bound
     * @param assembly adds the record's pieces, given the arrival time
     * @return {@code future}
     * @throws IllegalStateException if the engine has no assembler
     */
    public CompletableFuture<Void> sendAssembled(CompletableFuture<Void> future, long bytes, LongConsumer assembly) {
        if (assembler == null) {
            throw new IllegalStateException("sendAssembled needs an assembler (Builder.assembler)");
        }
        return send(future, bytes, null, assembly);
    }

    private CompletableFuture<Void> send(CompletableFuture<Void> future, long bytes, @Nullable E single,
            @Nullable LongConsumer assembly) {
        String refusal = null;
        String refusalCode = null;
        boolean dispatchNeeded = false;
        boolean scheduleLinger = false;
        boolean waited = false;
        lock.lock();
        try {
            if (closed) {
                refusalCode = SINK_CLOSED;
                refusal = "the sink is closed";
            } else {
                long waitNanos = blockTimeoutNanos;
                while (pendingRecords > 0
                        && (pendingRecords >= maxBufferedRecords || pendingBytes + bytes > maxBufferedBytes)) {
                    if (backpressure == Backpressure.FAIL_FAST || waitNanos <= 0) {
                        refusalCode = BUFFER_FULL;
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
                        refusalCode = INTERRUPTED;
                        refusal = "interrupted while waiting for buffer space";
                        break;
                    }
                    if (closed) {
                        refusalCode = SINK_CLOSED;
                        refusal = "the sink was closed while waiting for buffer space";
                        break;
                    }
                }
                if (refusal == null) {
                    pendingRecords++;
                    pendingBytes += bytes;
                    accepted.increment();
                    if (single != null) {
                        if (waited) {
                            // the record arrives when it got space
                            single.arrivalNanos = ticker.read();
                        }
                        enterEpochLocked(single);
                        dispatchNeeded = buffer.add(single, single.arrivalNanos);
                    } else {
                        Objects.requireNonNull(assembly, "a send carries one record or an assembly")
                                .accept(ticker.read());
                        dispatchNeeded = !ready.isEmpty();
                    }
                    if (lingerNanos == 0 && inFlight < (int) inFlightLimit) {
                        dispatchNeeded = true;
                    }
                    if (!lingerScheduled && (buffer.size() > 0 || assembler != null && !assembler.isEmpty())) {
                        lingerScheduled = true;
                        scheduleLinger = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            return reject(future, Objects.requireNonNull(refusalCode, "set with refusal"), refusal);
        }
        if (scheduleLinger) {
            scheduleOrRun(this::onLinger, lingerNanos);
        }
        if (dispatchNeeded) {
            dispatch();
        }
        return future;
    }

    /**
     * Fails a caller record the sink refuses before it reaches the engine (for example, too large),
     * counting it as rejected.
     *
     * @param future the record's future
     * @param code the error code
     * @param reason what happened and how to fix it
     * @return {@code future}, failed
     */
    public CompletableFuture<Void> reject(CompletableFuture<Void> future, String code, String reason) {
        rejected.increment();
        metrics.failed(1);
        future.completeExceptionally(errors.rejected(code, reason));
        return future;
    }

    /**
     * Sends everything buffered now, without waiting for the linger time.
     *
     * @return a future that completes (normally) once every record sent before this call is settled:
     *     delivered, or given up
     */
    public CompletableFuture<Void> flush() {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        lock.lock();
        try {
            if (assembler != null) {
                assembler.seal();
            }
            buffer.flush();
            Epoch ended = epoch;
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
     * before it, without a dependent on every record's future. Guarded by the engine's lock, except
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

        void add(@Nullable Epoch entryEpoch) {
            Epoch ep = Objects.requireNonNull(entryEpoch, "an entry gets its epoch when it is accepted");
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
     * Returns a snapshot of the engine's counters.
     *
     * @return the counters since the engine was built
     */
    public DeliveryStats stats() {
        long bytes;
        lock.lock();
        try {
            bytes = pendingBytes;
        } finally {
            lock.unlock();
        }
        return new DeliveryStats(accepted.sum(), delivered.sum(), retried.sum(), givenUp.sum(), rejected.sum(),
                requests.sum(), deliveredEntries.sum(), deliveredBytes.sum(), pendingRecords, bytes);
    }

    /**
     * Stops taking records, flushes, and waits at most the close timeout for every record to settle.
     * Records still unsettled then are given up with {@link #SINK_CLOSED}. Shuts down the scheduler
     * if the engine created it. Idempotent; {@code send} after close fails the future with
     * {@link #SINK_CLOSED}.
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
        }
    }

    private void abandon(String reason) {
        List<E> left = new ArrayList<>();
        lock.lock();
        try {
            abandoned = true;
            if (assembler != null) {
                assembler.seal();
            }
            buffer.flush();
            for (List<E> b : ready) {
                left.addAll(b);
            }
            for (List<E> b : inFlightBatches) {
                left.addAll(b);
            }
            for (List<E> b : retryWaiting) {
                left.addAll(b);
            }
            ready.clear();
            retryWaiting.clear();
        } finally {
            lock.unlock();
        }
        Failure f = new Failure(Failure.Kind.FATAL, SINK_CLOSED, reason, null);
        List<Failure> failures = new ArrayList<>(left.size());
        for (int i = 0; i < left.size(); i++) {
            failures.add(f);
        }
        giveUp(left, failures);
    }

    private void onLinger() {
        boolean dispatchNeeded;
        long next;
        lock.lock();
        try {
            long now = ticker.read();
            if (assembler != null && !assembler.isEmpty() && now - assembler.firstAddedNanos() >= lingerNanos) {
                assembler.seal();
            }
            buffer.emitIfExpired(now);
            next = buffer.nanosUntilExpiry(now);
            if (assembler != null && !assembler.isEmpty()) {
                long p = Math.max(0, assembler.firstAddedNanos() + lingerNanos - now);
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
            LOG.debug("Sink scheduler rejected a task [sink={}]", name);
        }
    }

    private void dispatch() {
        while (true) {
            List<E> batch;
            lock.lock();
            try {
                if (abandoned || inFlight >= (int) inFlightLimit) {
                    return;
                }
                if (ready.isEmpty()) {
                    // zero linger: what is buffered goes as soon as a request slot is free
                    if (lingerNanos > 0 || !buffer.flush()) {
                        return;
                    }
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
     * as batches of their own made almost five times as many calls as without failures. The halves
     * of a split batch are never merged again.
     */
    private List<E> topUpLocked(List<E> batch) {
        if (batch.size() >= maxBatchRecords || batch.isEmpty() || batch.get(0).resentAfterSplit) {
            return batch;
        }
        long bytes = 0;
        for (E e : batch) {
            bytes += e.bytes();
        }
        List<E> merged = batch;
        while (merged.size() < maxBatchRecords) {
            if (ready.isEmpty() && !buffer.flush()) {
                break;
            }
            List<E> next = ready.peekFirst();
            if (next.isEmpty() || next.get(0).resentAfterSplit) {
                break;
            }
            int i = 0;
            while (i < next.size() && merged.size() + i < maxBatchRecords && bytes + next.get(i).bytes() <= maxBatchBytes) {
                bytes += next.get(i++).bytes();
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

    private void sendBatch(List<E> batch) {
        long bytes = 0;
        int resent = 0;
        long start = ticker.read();
        for (int i = 0, n = batch.size(); i < n; i++) {
            E e = batch.get(i);
            if (e.attempts++ > 0) {
                if (e.resentAfterSplit) {
                    e.resentAfterSplit = false;
                } else {
                    resent++;
                }
            } else {
                e.firstAttemptNanos = start;
            }
            bytes += e.bytes();
        }
        if (resent > 0) {
            retried.add(resent);
            metrics.retried(resent);
        }
        requests.increment();
        metrics.batch(batch.size(), bytes);
        CompletableFuture<BatchResult> call;
        try {
            call = strategy.submit(batch);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((result, error) -> onResult(batch, start, result, error));
    }

    private void onResult(List<E> batch, long start, @Nullable BatchResult result, @Nullable Throwable error) {
        List<E> succeeded;
        List<E> failedEntries = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        boolean throttled = false;
        boolean answered = false;
        boolean split = false;
        try {
            long elapsed = ticker.read() - start;
            if (error != null || result == null) {
                Failure f = strategy.classifyUnexpected(error != null ? error : new IllegalStateException("no result"));
                metrics.request(SinkMetrics.Outcome.FAILURE, elapsed);
                throttled = f.kind() == Failure.Kind.THROTTLED;
                succeeded = List.of();
                for (E e : batch) {
                    failedEntries.add(e);
                    failures.add(f);
                }
            } else {
                switch (result.type()) {
                    case DELIVERED:
                        metrics.request(SinkMetrics.Outcome.SUCCESS, elapsed);
                        onBatchDelivered(batch);
                        return;
                    case FAILED: {
                        Failure f = Objects.requireNonNull(result.failure(), "a FAILED result has its failure");
                        metrics.request(SinkMetrics.Outcome.FAILURE, elapsed);
                        throttled = result.throttled();
                        LOG.debug("Sink batch failed [sink={}, records={}, errorCode={}, kind={}]", name,
                                batch.size(), f.errorCode(), f.kind());
                        succeeded = List.of();
                        for (E e : batch) {
                            failedEntries.add(e);
                            failures.add(f);
                        }
                        break;
                    }
                    case SPLIT:
                        metrics.request(SinkMetrics.Outcome.FAILURE, elapsed);
                        succeeded = List.of();
                        if (batch.size() > 1) {
                            split = true;
                        } else {
                            failedEntries.add(batch.get(0));
                            failures.add(result.failure());
                        }
                        break;
                    default: {
                        List<@Nullable Failure> perEntry = Objects.requireNonNull(result.entryFailures(),
                                "a PER_ENTRY result has its entry failures");
                        succeeded = new ArrayList<>(batch.size());
                        for (int i = 0; i < batch.size(); i++) {
                            Failure f = i < perEntry.size() ? perEntry.get(i)
                                    : new Failure(Failure.Kind.RETRYABLE, "MissingResponseEntry",
                                            "the response had " + perEntry.size() + " entries for " + batch.size(), null);
                            if (f == null) {
                                succeeded.add(batch.get(i));
                            } else {
                                failedEntries.add(batch.get(i));
                                failures.add(f);
                            }
                        }
                        metrics.request(failedEntries.isEmpty() ? SinkMetrics.Outcome.SUCCESS
                                : SinkMetrics.Outcome.PARTIAL, elapsed);
                        // a call mostly refused for throughput is a throttle: cut the in-flight limit. Judged
                        // on a moving share over about one batch of entries, not on this call alone: a small
                        // call of re-sent entries is "mostly throttled" by chance with random per-entry
                        // failures, and halving the limit and backing off there stalled the last records
                        throttled = throttleShare.update(result.throttledEntries(), batch.size(), maxBatchRecords) >= 0.5;
                        answered = true;
                        LOG.debug("Sink batch partially failed [sink={}, failed={}, total={}]", name,
                                failedEntries.size(), batch.size());
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Sink failed to read a batch result; re-sending the batch [sink={}, records={}]",
                    name, batch.size(), e);
            succeeded = List.of();
            failedEntries.clear();
            failures.clear();
            split = false;
            Failure f = new Failure(Failure.Kind.RETRYABLE, CLIENT_ERROR, String.valueOf(e), e);
            for (E en : batch) {
                failedEntries.add(en);
                failures.add(f);
            }
        }
        // bookkeeping first, so that a caller woken by a future sees the engine's state up to date
        List<E> retry = new ArrayList<>(failedEntries.size());
        List<E> dead = new ArrayList<>();
        List<Failure> deadFailures = new ArrayList<>();
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
            if (split && !abandoned) {
                int half = batch.size() / 2;
                for (E e : batch) {
                    e.resentAfterSplit = true;
                }
                LOG.debug("Sink request too large, splitting [sink={}, records={}]", name, batch.size());
                ready.addFirst(new ArrayList<>(batch.subList(half, batch.size())));
                ready.addFirst(new ArrayList<>(batch.subList(0, half)));
            }
            long now = ticker.read();
            int maxAttemptsSeen = 0;
            long remaining = Long.MAX_VALUE;
            // a call the service answered, refusing few entries for throughput, is not an overload:
            // its failed entries are re-sent at once (within the same budget). A backoff there only
            // held the caller's ordered acknowledgements: the agent took 2.4x as long with 20 % of
            // entries failing (docs/design/firehose-sink.md, "Partial failures"). That holds also
            // for a small call that stored nothing: with per-entry failures at random, a call of a
            // few re-sent entries fails whole by chance, and backing off there (by the entry's
            // attempts, seconds after five or six) stalled the agent for up to 28 s. What tells an
            // outage from chance is how many entries in a row were not stored, across calls
            if (!succeeded.isEmpty()) {
                unstoredRun = 0;
            } else {
                unstoredRun += failedEntries.size();
            }
            boolean resendAtOnce = answered && !throttled && unstoredRun < UNSTORED_RUN_BEFORE_BACKOFF;
            for (int i = 0; i < failedEntries.size(); i++) {
                E e = failedEntries.get(i);
                Failure f = failures.get(i);
                if (e.isSettled()) {
                    continue;
                }
                long since = now - e.firstAttemptNanos;
                if (!f.retryable() || abandoned || !budget.allowsRetry(e.attempts, since)) {
                    dead.add(e);
                    deadFailures.add(f);
                } else {
                    retry.add(e);
                    maxAttemptsSeen = Math.max(maxAttemptsSeen, e.attempts);
                    remaining = Math.min(remaining, budget.remainingNanos(since));
                }
            }
            if (!retry.isEmpty()) {
                retryWaiting.add(retry);
                retryDelay = resendAtOnce ? 0 : Math.min(remaining,
                        backoff.delayNanos(maxAttemptsSeen, ThreadLocalRandom.current().nextDouble()));
            }
        } finally {
            lock.unlock();
        }
        if (!succeeded.isEmpty()) {
            Entry.Settlement settlement = new Entry.Settlement(succeeded.size());
            EpochTally settled = settleDelivered(succeeded, settlement);
            List<Epoch> drained;
            lock.lock();
            try {
                releaseLocked(settlement);
                drained = leaveEpochsLocked(settled);
            } finally {
                lock.unlock();
            }
            for (CompletableFuture<Void> f : settlement.futures) {
                f.complete(null);
            }
            completeDrained(drained);
        }
        if (!dead.isEmpty()) {
            giveUp(dead, deadFailures);
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
     * The common case, a call whose every entry was delivered: one pass over the entries to settle
     * them, one lock for all the bookkeeping (in-flight count, back-pressure, flush epochs), then the
     * futures in a tight loop, then the next batches.
     */
    private void onBatchDelivered(List<E> batch) {
        Entry.Settlement settlement = new Entry.Settlement(batch.size());
        EpochTally settled = settleDelivered(batch, settlement);
        List<Epoch> drained;
        lock.lock();
        try {
            inFlight--;
            inFlightLimit = Math.min(maxInFlightRequests, inFlightLimit + 1);
            unstoredRun = 0;
            releaseLocked(settlement);
            drained = leaveEpochsLocked(settled);
            // every entry is settled (here, or earlier by close()): abandon() has nothing left to take from it
            inFlightBatches.remove(batch);
        } finally {
            lock.unlock();
        }
        List<CompletableFuture<Void>> completed = settlement.futures;
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
    private EpochTally settleDelivered(List<E> accepted, Entry.Settlement settlement) {
        EpochTally tally = new EpochTally();
        long bytes = 0;
        List<E> now = observesDelivered ? new ArrayList<>(accepted.size()) : null;
        for (int i = 0, n = accepted.size(); i < n; i++) {
            E e = accepted.get(i);
            if (e.trySettle()) {
                e.prepareSuccess(settlement);
                tally.add(e.epoch);
                bytes += e.bytes();
                if (now != null) {
                    now.add(e);
                }
            }
        }
        if (now != null && !now.isEmpty()) {
            try {
                strategy.onDelivered(now);
            } catch (RuntimeException ex) {
                LOG.error("Sink delivered-entries hook failed [sink={}, entries={}]", name, now.size(), ex);
            }
        }
        deliveredEntries.add(tally.entries);
        deliveredBytes.add(bytes);
        int n = settlement.futures.size();
        delivered.add(n);
        metrics.delivered(n);
        return tally;
    }

    private void releaseLocked(Entry.Settlement s) {
        if (s.records > 0 || s.bytes > 0) {
            pendingRecords -= s.records;
            pendingBytes -= s.bytes;
            notFull.signalAll();
        }
    }

    /** Re-queues {@code retry} (already in {@code retryWaiting}) after the delay. */
    private void scheduleRetry(List<E> retry, long delayNanos) {
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

    /** Hands entries to the strategy's give-up hook, then fails their futures and releases their space. */
    private void giveUp(List<E> entries, List<Failure> failures) {
        List<E> settled = new ArrayList<>(entries.size());
        List<Failure> settledFailures = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            E e = entries.get(i);
            if (e.trySettle()) {
                settled.add(e);
                settledFailures.add(failures.get(i));
            }
        }
        if (settled.isEmpty()) {
            return;
        }
        try {
            strategy.onGivenUp(settled, settledFailures);
        } catch (RuntimeException ex) {
            LOG.error("Sink failed-record hook failed; the records are lost [sink={}, records={}]", name,
                    settled.size(), ex);
        }
        Map<Failure, Throwable> exceptions = new IdentityHashMap<>();
        Entry.Settlement settlement = new Entry.Settlement(settled.size());
        List<Throwable> reasons = new ArrayList<>(settled.size());
        EpochTally tally = new EpochTally();
        for (int i = 0; i < settled.size(); i++) {
            E e = settled.get(i);
            Failure f = settledFailures.get(i);
            Throwable error = exceptions.computeIfAbsent(f, x -> errors.givenUp(x, e.attempts, why(x, e.attempts)));
            int before = settlement.futures.size();
            e.prepareFailure(settlement);
            for (int j = before; j < settlement.futures.size(); j++) {
                reasons.add(error);
            }
            tally.add(e.epoch);
        }
        int n = settlement.futures.size();
        givenUp.add(n);
        metrics.failed(n);
        LOG.debug("Sink records given up [sink={}, entries={}]", name, settled.size());
        List<Epoch> drained;
        lock.lock();
        try {
            releaseLocked(settlement);
            drained = leaveEpochsLocked(tally);
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < n; i++) {
            settlement.futures.get(i).completeExceptionally(reasons.get(i));
        }
        completeDrained(drained);
    }

    private String why(Failure f, int attempts) {
        if (SINK_CLOSED.equals(f.errorCode())) {
            return "the sink closed";
        }
        if (!f.retryable()) {
            return "a non-retryable error";
        }
        return "retrying gave up after " + attempts + " attempt(s) (" + budget + ")";
    }

    @Override
    public String toString() {
        return "DeliveryEngine[sink=" + name + ", linger=" + Duration.ofNanos(lingerNanos) + ", maxInFlightRequests="
                + maxInFlightRequests + ", maxBufferedRecords=" + maxBufferedRecords + ", maxBufferedBytes="
                + maxBufferedBytes + ", backpressure=" + backpressure + ", " + budget + ", " + backoff + "]";
    }

    /**
     * Builds a {@link DeliveryEngine}. {@link #name}, {@link #strategy} and {@link #errors} are
     * required; a sink's own builder validates the user-facing options and passes them on. Not
     * thread-safe.
     *
     * @param <E> the entry type
     */
    public static final class Builder<E extends Entry> {
        private @Nullable String name;
        private @Nullable String threadName;
        private @Nullable BatchStrategy<E> strategy;
        private @Nullable Errors errors;
        private int maxBatchRecords = 500;
        private long maxBatchBytes = 4L * 1024 * 1024;
        private Duration linger = Duration.ofSeconds(1);
        private int maxInFlightRequests = 10;
        private int maxBufferedRecords = 20_000;
        private long maxBufferedBytes = 64L * 1024 * 1024;
        private Backpressure backpressure = Backpressure.BLOCK;
        private Duration blockTimeout = Duration.ofSeconds(60);
        private RetryBudget retryBudget = RetryBudget.of(30, Duration.ofMinutes(5));
        private Backoff backoff = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(10));
        private Duration closeTimeout = Duration.ofSeconds(30);
        private @Nullable ScheduledExecutorService scheduler;
        private Ticker ticker = Ticker.system();
        private @Nullable SinkMetrics metrics;
        private @Nullable Function<Consumer<E>, Assembler> assembler;

        private Builder() {}

        /**
         * Sets the sink's name, used in logs and as the default thread name. Required.
         *
         * @param name for example the delivery stream or the index
         * @return this builder
         */
        public Builder<E> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the name of the scheduler thread the engine creates. Optional. Default: {@code logpipe-sink-<name>}.
         *
         * @param threadName the thread name
         * @return this builder
         */
        public Builder<E> threadName(String threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            return this;
        }

        /**
         * Sets the service-specific part. Required.
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder<E> strategy(BatchStrategy<E> strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Sets the factory of the sink's exceptions. Required.
         *
         * @param errors the factory
         * @return this builder
         */
        public Builder<E> errors(Errors errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /**
         * Sets the most entries per batch. Optional. Default: 500.
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder<E> maxBatchRecords(int records) {
            this.maxBatchRecords = records;
            return this;
        }

        /**
         * Sets the most entry bytes per batch. Optional. Default: 4 MiB.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder<E> maxBatchBytes(long bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        /**
         * Sets how long an entry may wait for its batch to fill. Optional. Default: 1 second.
         *
         * @param linger zero (send when a request slot is free) or positive
         * @return this builder
         */
        public Builder<E> linger(Duration linger) {
            this.linger = Objects.requireNonNull(linger, "linger");
            return this;
        }

        /**
         * Sets the most calls in flight (the ceiling of the AIMD limit). Optional. Default: 10.
         *
         * @param requests at least 1
         * @return this builder
         */
        public Builder<E> maxInFlightRequests(int requests) {
            this.maxInFlightRequests = requests;
            return this;
        }

        /**
         * Sets the most caller records held (buffered, in flight, waiting for a retry). Optional. Default: 20,000.
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder<E> maxBufferedRecords(int records) {
            this.maxBufferedRecords = records;
            return this;
        }

        /**
         * Sets the most caller bytes held. Optional. Default: 64 MiB.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder<E> maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        /**
         * Sets what {@code send} does when full. Optional. Default: {@link Backpressure#BLOCK}.
         *
         * @param mode the policy
         * @return this builder
         */
        public Builder<E> backpressure(Backpressure mode) {
            this.backpressure = Objects.requireNonNull(mode, "backpressure");
            return this;
        }

        /**
         * Sets how long {@code send} blocks for space. Optional. Default: 60 seconds.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder<E> blockTimeout(Duration timeout) {
            this.blockTimeout = Objects.requireNonNull(timeout, "blockTimeout");
            return this;
        }

        /**
         * Sets the retry budget. Optional. Default: 30 attempts within 5 minutes.
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder<E> retryBudget(RetryBudget budget) {
            this.retryBudget = Objects.requireNonNull(budget, "retryBudget");
            return this;
        }

        /**
         * Sets the backoff. Optional. Default: 100 ms doubling to 10 s.
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder<E> backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets how long {@link DeliveryEngine#close()} waits. Optional. Default: 30 seconds.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder<E> closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /**
         * Sets the scheduler for linger flushes and retries, owned by the caller. Optional.
         * Default: a daemon thread the engine owns.
         *
         * @param scheduler the scheduler, or {@code null} for the default
         * @return this builder
         */
        public Builder<E> scheduler(@Nullable ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Sets the time source. Optional. Default: {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder<E> ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets the meters. Optional. Default: meters in a private registry (recording nothing).
         *
         * @param metrics the bound meters
         * @return this builder
         */
        public Builder<E> metrics(SinkMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Sets the assembler stage (record packing), made from the emitter the engine gives it.
         * Optional. Default: none, entries go straight to the batch buffer.
         *
         * @param factory makes the assembler from the consumer of the entries it completes
         * @return this builder
         */
        public Builder<E> assembler(Function<Consumer<E>, Assembler> factory) {
            this.assembler = Objects.requireNonNull(factory, "assembler");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return a new engine, ready to send
         * @throws IllegalArgumentException if an option is out of range (the message names it)
         * @throws NullPointerException if a required option is missing
         */
        public DeliveryEngine<E> build() {
            check(maxBatchRecords >= 1, "maxBatchRecords must be >= 1, was " + maxBatchRecords);
            check(maxBatchBytes >= 1, "maxBatchBytes must be >= 1, was " + maxBatchBytes);
            check(!linger.isNegative(), "linger must not be negative, was " + linger);
            check(maxInFlightRequests >= 1, "maxInFlightRequests must be >= 1, was " + maxInFlightRequests);
            check(maxBufferedRecords >= 1, "maxBufferedRecords must be >= 1, was " + maxBufferedRecords);
            check(maxBufferedBytes >= 1, "maxBufferedBytes must be >= 1, was " + maxBufferedBytes);
            check(!blockTimeout.isNegative(), "blockTimeout must not be negative, was " + blockTimeout);
            check(!closeTimeout.isNegative(), "closeTimeout must not be negative, was " + closeTimeout);
            return new DeliveryEngine<>(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
