package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.apiguardian.api.API;

/**
 * One unit a {@link DeliveryEngine} batches and sends (one Firehose record, one bulk document):
 * its size, its attempts, and the caller futures it completes. Settles exactly once (delivered or
 * given up), whatever thread gets there first. A sink extends {@link SingleEntry} (one caller
 * record per entry) or {@link PackedEntry} (several caller records packed into one entry).
 *
 * <p>Settling is two-phase: {@code prepare...} collects the futures to complete and the space to
 * release, so that the engine updates its counters and its back-pressure accounting <em>before</em>
 * any future completes (a caller woken by a future then sees them up to date).
 */
@API(status = EXPERIMENTAL)
public abstract class Entry {

    private static final AtomicIntegerFieldUpdater<Entry> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(Entry.class, "settled");

    long arrivalNanos;
    long firstAttemptNanos;
    int attempts;
    /** Set when the entry is sent again as half of a split batch: a re-send, not a retry. */
    boolean resentAfterSplit;
    /** The flush epoch the entry was created in; set under the engine's lock. */
    DeliveryEngine.@Nullable Epoch epoch;
    private volatile int settled;

    /**
     * Creates an entry.
     *
     * @param arrivalNanos when it reached the sink, on the engine's ticker (the engine may restamp
     *     a {@link SingleEntry} that waited for space)
     */
    protected Entry(long arrivalNanos) {
        this.arrivalNanos = arrivalNanos;
    }

    /**
     * Returns the entry's payload size in bytes, as the batch limits count it.
     *
     * @return the size
     */
    public abstract int bytes();

    /**
     * Returns how many times the entry was sent.
     *
     * @return the attempts, 0 before the first send
     */
    public final int attempts() {
        return attempts;
    }

    /**
     * Returns when the entry reached the sink, on the engine's ticker.
     *
     * @return the arrival time in nanoseconds
     */
    public final long arrivalNanos() {
        return arrivalNanos;
    }

    final boolean trySettle() {
        return SETTLED.compareAndSet(this, 0, 1);
    }

    final boolean isSettled() {
        return settled != 0;
    }

    /**
     * Adds the caller futures that this entry's delivery completes, and the space they release.
     *
     * @param settlement the collector
     */
    protected abstract void prepareSuccess(Settlement settlement);

    /**
     * Adds the caller futures that this entry's failure fails (each once), and the space they release.
     *
     * @param settlement the collector
     */
    protected abstract void prepareFailure(Settlement settlement);

    /** Collects the futures settled by some entries and the space (caller records, bytes) they release. */
    public static final class Settlement {
        final List<CompletableFuture<Void>> futures;
        long records;
        long bytes;

        Settlement(int expected) {
            this.futures = new ArrayList<>(expected);
        }

        /**
         * Adds one caller record settled now.
         *
         * @param future its future
         * @param recordBytes the bytes it counted against the back-pressure bound
         */
        public void add(CompletableFuture<Void> future, long recordBytes) {
            futures.add(future);
            records++;
            bytes += recordBytes;
        }
    }
}
