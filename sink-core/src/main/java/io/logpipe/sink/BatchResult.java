package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a service answered to one batch, as a {@link BatchStrategy} classifies it: every entry
 * delivered (the fast path), the whole call failed, one outcome per entry, or "too large: split".
 * Immutable.
 */
@API(status = STABLE)
public final class BatchResult {

    /** The shape of a result. */
    public enum Type {
        /** Every entry was delivered. */
        DELIVERED,
        /** The call failed as a whole; every entry shares {@link #failure()}. */
        FAILED,
        /** The call was answered entry by entry: see {@link #entryFailures()}. */
        PER_ENTRY,
        /** The request was too large (HTTP 413): send each half on its own. */
        SPLIT
    }

    private static final BatchResult DELIVERED = new BatchResult(Type.DELIVERED, null, null, false, 0);

    private final Type type;
    private final @Nullable Failure failure;
    private final @Nullable List<@Nullable Failure> entryFailures;
    private final boolean throttled;
    private final int throttledEntries;

    private BatchResult(Type type, @Nullable Failure failure, @Nullable List<@Nullable Failure> entryFailures,
            boolean throttled, int throttledEntries) {
        this.type = type;
        this.failure = failure;
        this.entryFailures = entryFailures;
        this.throttled = throttled;
        this.throttledEntries = throttledEntries;
    }

    /**
     * Returns the result of a call whose every entry was delivered.
     *
     * @return the shared instance
     */
    public static BatchResult delivered() {
        return DELIVERED;
    }

    /**
     * Returns the result of a call that failed as a whole (an error response, an I/O error). The
     * call counts as throttled if the failure is {@link Failure.Kind#THROTTLED}.
     *
     * @param failure the failure every entry shares
     * @return the result
     */
    public static BatchResult failed(Failure failure) {
        Objects.requireNonNull(failure, "failure");
        return new BatchResult(Type.FAILED, failure, null, failure.kind() == Failure.Kind.THROTTLED, 0);
    }

    /**
     * Returns the result of a call answered entry by entry. {@link #throttled()} tells whether at
     * least half of its entries were; the engine judges throttling on a moving share of throttled
     * entries over about one batch ({@link #throttledEntries()}), not on one call alone.
     *
     * @param entryFailures one element per entry of the batch, in order: {@code null} if delivered
     * @return the result
     */
    public static BatchResult perEntry(List<@Nullable Failure> entryFailures) {
        Objects.requireNonNull(entryFailures, "entryFailures");
        int throttled = 0;
        for (Failure f : entryFailures) {
            if (f != null && f.kind() == Failure.Kind.THROTTLED) {
                throttled++;
            }
        }
        return new BatchResult(Type.PER_ENTRY, null, entryFailures,
                !entryFailures.isEmpty() && throttled * 2 >= entryFailures.size(), throttled);
    }

    /**
     * Returns the result of a request the service refused as too large: the engine sends each half
     * of the batch on its own; a batch of one entry fails with {@code whenAlone}.
     *
     * @param whenAlone the failure of an entry too large on its own
     * @return the result
     */
    public static BatchResult split(Failure whenAlone) {
        return new BatchResult(Type.SPLIT, Objects.requireNonNull(whenAlone, "whenAlone"), null, false, 0);
    }

    /**
     * Returns the shape of the result.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * Returns the failure of a {@link Type#FAILED} call, or of a lone entry of a {@link Type#SPLIT}.
     *
     * @return the failure, or {@code null}
     */
    public @Nullable Failure failure() {
        return failure;
    }

    /**
     * Returns the per-entry failures of a {@link Type#PER_ENTRY} result.
     *
     * @return one element per entry ({@code null}: delivered), or {@code null} for other types
     */
    public @Nullable List<@Nullable Failure> entryFailures() {
        return entryFailures;
    }

    /**
     * Returns whether the call tells the engine to send less (it then halves its in-flight limit).
     *
     * @return {@code true} if throttled
     */
    public boolean throttled() {
        return throttled;
    }

    /**
     * Returns how many entries of a {@link Type#PER_ENTRY} result were throttled.
     *
     * @return the count, 0 for other types
     */
    public int throttledEntries() {
        return throttledEntries;
    }

    @Override
    public String toString() {
        return "BatchResult[" + type + (failure != null ? ", " + failure.errorCode() : "") + "]";
    }
}
