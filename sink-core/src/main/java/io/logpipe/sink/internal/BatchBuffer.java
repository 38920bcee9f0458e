package io.logpipe.sink.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.apiguardian.api.API;

/**
 * The batching rule, as a pure class: collects entries into batches of at most {@code maxRecords}
 * entries and {@code maxBytes} payload bytes, and emits a batch when it is full, when the next
 * entry would not fit, or when its oldest entry is {@code lingerNanos} old.
 *
 * <p>It is the Kinesis Agent's {@code PublishingQueue} rule (flush before adding when
 * {@code bytes + recordBytes > maxBytes} or {@code records >= maxRecords}; flush on age counted
 * from the first record), with the full case emitted eagerly. Time is passed in, never read, so tests
 * drive it without a clock or a network. Not thread-safe: the sink guards it with its lock.
 *
 * @param <E> the entry type
 */
@API(status = INTERNAL)
public final class BatchBuffer<E> {

    private final int maxRecords;
    private final long maxBytes;
    private final long lingerNanos;
    private final ToIntFunction<E> sizer;
    private final Consumer<List<E>> emitter;

    private List<E> current;
    private long currentBytes;
    private long firstAddedNanos;

    /**
     * Creates a buffer.
     *
     * @param maxRecords the most entries per batch, at least 1
     * @param maxBytes the most payload bytes per batch, at least 1
     * @param lingerNanos the age at which a non-empty batch is emitted, not negative
     * @param sizer gives an entry's payload size in bytes
     * @param emitter receives each emitted batch (a fresh list it may keep)
     */
    public BatchBuffer(int maxRecords, long maxBytes, long lingerNanos, ToIntFunction<E> sizer, Consumer<List<E>> emitter) {
        if (maxRecords < 1 || maxBytes < 1 || lingerNanos < 0) {
            throw new IllegalArgumentException("maxRecords=" + maxRecords + ", maxBytes=" + maxBytes
                    + ", lingerNanos=" + lingerNanos + ": need maxRecords >= 1, maxBytes >= 1, lingerNanos >= 0");
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.sizer = sizer;
        this.emitter = emitter;
        this.current = new ArrayList<>(Math.min(maxRecords, 512));
    }

    /**
     * Adds an entry, emitting the current batch first if the entry does not fit in it, and the new
     * batch too if it is then full. An entry larger than {@code maxBytes} travels alone.
     *
     * @param entry the entry
     * @param nowNanos the current time, or the entry's arrival time
     * @return whether at least one batch was emitted
     */
    public boolean add(E entry, long nowNanos) {
        int size = sizer.applyAsInt(entry);
        boolean emitted = false;
        if (!current.isEmpty() && (current.size() >= maxRecords || currentBytes + size > maxBytes)) {
            emit();
            emitted = true;
        }
        if (current.isEmpty()) {
            firstAddedNanos = nowNanos;
        }
        current.add(entry);
        currentBytes += size;
        if (current.size() >= maxRecords || currentBytes >= maxBytes) {
            emit();
            emitted = true;
        }
        return emitted;
    }

    /**
     * Emits the current batch if its oldest entry is at least the linger time old.
     *
     * @param nowNanos the current time
     * @return whether a batch was emitted
     */
    public boolean emitIfExpired(long nowNanos) {
        if (!current.isEmpty() && nowNanos - firstAddedNanos >= lingerNanos) {
            emit();
            return true;
        }
        return false;
    }

    /**
     * Returns the nanoseconds until the current batch expires: 0 if already due, -1 if empty.
     *
     * @param nowNanos the current time
     * @return the delay, or -1
     */
    public long nanosUntilExpiry(long nowNanos) {
        if (current.isEmpty()) {
            return -1;
        }
        return Math.max(0, firstAddedNanos + lingerNanos - nowNanos);
    }

    /**
     * Emits the current batch, if not empty.
     *
     * @return whether a batch was emitted
     */
    public boolean flush() {
        if (current.isEmpty()) {
            return false;
        }
        emit();
        return true;
    }

    /**
     * Returns the entries in the current (not yet emitted) batch, as a copy.
     *
     * @return the pending entries
     */
    public List<E> pending() {
        return new ArrayList<>(current);
    }

    /**
     * Returns the number of entries in the current batch.
     *
     * @return the count
     */
    public int size() {
        return current.size();
    }

    /**
     * Returns the payload bytes in the current batch.
     *
     * @return the bytes
     */
    public long bytes() {
        return currentBytes;
    }

    private void emit() {
        List<E> batch = current;
        current = new ArrayList<>(Math.min(maxRecords, Math.max(16, batch.size())));
        currentBytes = 0;
        emitter.accept(batch);
    }
}
