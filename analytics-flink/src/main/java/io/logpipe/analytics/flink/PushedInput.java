package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.flink.internal.Registry;
import io.logpipe.model.AccessLogRecord;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;

/**
 * Records pushed from Java into a running query (embedded MiniCluster only). A bounded queue gives
 * back-pressure: {@link #send(AccessLogRecord)} blocks while the job is behind. Thread-safe.
 * {@link #close()} ends the input; the job then finishes once its windows have closed.
 */
@API(status = EXPERIMENTAL)
public final class PushedInput implements AnalyticsInput, AutoCloseable {

    /** The default queue capacity: {@value} records. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final String id = "pushed-" + UUID.randomUUID();
    private final BlockingQueue<Object> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();

    PushedInput(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        Registry.putQueue(id, queue);
    }

    String id() {
        return id;
    }

    /**
     * Sends a record, waiting while the queue is full.
     *
     * @param record the record
     * @throws IllegalStateException if the input is closed
     * @throws AnalyticsException if interrupted while waiting (the interrupt flag is restored)
     */
    public void send(AccessLogRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed.get()) {
            throw new IllegalStateException("pushed input is closed");
        }
        try {
            queue.put(record);
            sent.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while sending a record", e);
        }
    }

    /**
     * Sends a record if the queue takes it within the timeout.
     *
     * @param record the record
     * @param timeout how long to wait for room
     * @return {@code true} if sent
     * @throws IllegalStateException if the input is closed
     * @throws AnalyticsException if interrupted while waiting (the interrupt flag is restored)
     */
    public boolean offer(AccessLogRecord record, Duration timeout) {
        Objects.requireNonNull(record, "record");
        if (closed.get()) {
            throw new IllegalStateException("pushed input is closed");
        }
        try {
            boolean ok = queue.offer(record, timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (ok) {
                sent.incrementAndGet();
            }
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while sending a record", e);
        }
    }

    /**
     * Returns how many records were sent.
     *
     * @return the count
     */
    public long sent() {
        return sent.get();
    }

    /** Ends the input; further sends fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                queue.put(Registry.END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnalyticsException("interrupted while closing the pushed input", e);
            }
        }
    }

    void release() {
        Registry.remove(id);
    }
}
