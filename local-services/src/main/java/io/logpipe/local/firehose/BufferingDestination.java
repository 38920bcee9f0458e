package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DeliveryDestination} that buffers records by Firehose's buffering hints and writes them
 * out in groups: when the buffer reaches its size hint, when its oldest record is as old as the
 * interval hint, on {@link #flush()}, and on {@link #close()}. Subclasses implement
 * {@link #write(List, Instant)}.
 *
 * <p>A write that fails is logged and retried on the next flush (records are kept, never dropped);
 * a subclass that wants Firehose's retry-then-backup behaviour handles failures inside
 * {@code write}. Thread-safe.
 */
@API(status = STABLE)
public abstract class BufferingDestination implements DeliveryDestination {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingDestination.class);

    private final DestinationContext context;
    private final long sizeBytes;
    private final long intervalNanos;
    private final Object lock = new Object();
    private List<byte[]> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long firstArrivalNanos;
    private int writing;
    private long written;
    private Instant firstArrival = Instant.EPOCH;
    private boolean timerScheduled;
    private boolean closed;

    /**
     * Creates the buffer.
     *
     * @param context the destination's context (its scheduler runs the interval flushes)
     * @param sizeBytes the size hint in bytes, positive
     * @param interval the interval hint, zero or positive
     */
    protected BufferingDestination(DestinationContext context, long sizeBytes, Duration interval) {
        if (sizeBytes <= 0 || interval.isNegative()) {
            throw new IllegalArgumentException("need sizeBytes > 0 and interval >= 0, was " + sizeBytes + ", " + interval);
        }
        this.context = context;
        this.sizeBytes = sizeBytes;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Returns the context this destination was created with.
     *
     * @return the context
     */
    protected final DestinationContext context() {
        return context;
    }

    /**
     * Writes one group of records. Called outside the buffer's lock, possibly concurrently for
     * different groups.
     *
     * @param records the records, in arrival order, never empty
     * @param firstArrival when the oldest of them arrived (UTC)
     * @throws Exception on failure: the records are put back and written with the next group
     */
    protected abstract void write(List<byte[]> records, Instant firstArrival) throws Exception;

    @Override
    public final void deliver(List<byte[]> records) {
        List<byte[]> full = null;
        Instant first = null;
        boolean schedule = false;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                firstArrivalNanos = System.nanoTime();
                firstArrival = context.clock().instant();
            }
            for (byte[] r : records) {
                buffer.add(r);
                bufferedBytes += r.length;
            }
            if (bufferedBytes >= sizeBytes) {
                full = buffer;
                first = firstArrival;
                writing += full.size();
                buffer = new ArrayList<>();
                bufferedBytes = 0;
            } else if (!timerScheduled && !closed) {
                timerScheduled = true;
                schedule = true;
            }
        }
        if (schedule) {
            schedule(intervalNanos);
        }
        if (full != null) {
            writeOrRequeue(full, Objects.requireNonNull(first, "set with full"));
        }
    }

    private void schedule(long delayNanos) {
        try {
            context.scheduler().schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                timerScheduled = false;
            }
        }
    }

    private void onTimer() {
        List<byte[]> due = null;
        Instant first = null;
        long next = -1;
        synchronized (lock) {
            timerScheduled = false;
            if (!buffer.isEmpty()) {
                long age = System.nanoTime() - firstArrivalNanos;
                if (age >= intervalNanos) {
                    due = buffer;
                    first = firstArrival;
                    writing += due.size();
                    buffer = new ArrayList<>();
                    bufferedBytes = 0;
                } else if (!closed) {
                    next = intervalNanos - age;
                    timerScheduled = true;
                }
            }
        }
        if (next >= 0) {
            schedule(next);
        }
        if (due != null) {
            writeOrRequeue(due, Objects.requireNonNull(first, "set with due"));
        }
    }

    @Override
    public final void flush() {
        List<byte[]> all;
        Instant first;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                return;
            }
            all = buffer;
            first = firstArrival;
            writing += all.size();
            buffer = new ArrayList<>();
            bufferedBytes = 0;
        }
        writeOrRequeue(all, first);
    }

    private void writeOrRequeue(List<byte[]> records, Instant first) {
        // the caller counted the records in 'writing' when it took them from the buffer, under the lock
        try {
            write(records, first);
            synchronized (lock) {
                written += records.size();
                writing -= records.size();
            }
        } catch (Exception e) {
            LOG.warn("Local Firehose destination write failed; records kept for the next flush [stream={}, records={}]",
                    context.streamName(), records.size(), e);
            synchronized (lock) {
                writing -= records.size();
                List<byte[]> merged = new ArrayList<>(records.size() + buffer.size());
                merged.addAll(records);
                merged.addAll(buffer);
                if (buffer.isEmpty()) {
                    firstArrivalNanos = System.nanoTime();
                }
                firstArrival = first;
                buffer = merged;
                for (byte[] r : records) {
                    bufferedBytes += r.length;
                }
            }
        }
    }

    /**
     * Returns the number of records written out so far (by {@link #write(List, Instant)} returning
     * normally), for a caller that waits until what it sent has been delivered.
     *
     * @return the count since the destination was created
     */
    public final long writtenRecords() {
        synchronized (lock) {
            return written;
        }
    }

    /**
     * Returns the number of records accepted and not yet written out: buffered, or in a write in
     * progress. Zero once everything delivered so far has been written (or put back after a failed
     * write and written again).
     *
     * @return the count
     */
    public final int pendingRecords() {
        synchronized (lock) {
            return buffer.size() + writing;
        }
    }

    /**
     * Returns the number of records buffered and not yet written.
     *
     * @return the count
     */
    public final int bufferedRecords() {
        synchronized (lock) {
            return buffer.size();
        }
    }

    /** Flushes what is buffered and stops the interval timer. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        flush();
    }
}
