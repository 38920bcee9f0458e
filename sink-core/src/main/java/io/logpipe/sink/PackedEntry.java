package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;

/**
 * An entry holding pieces of one or more caller records (record packing): each caller record is
 * completed once all its pieces are delivered, and failed as soon as one is given up.
 */
@API(status = EXPERIMENTAL)
public abstract class PackedEntry extends Entry {

    private final List<Member> members;

    /**
     * Creates a packed entry.
     *
     * @param arrivalNanos when its first piece reached the sink
     * @param members the caller records with a piece in this entry
     */
    protected PackedEntry(long arrivalNanos, List<Member> members) {
        super(arrivalNanos);
        this.members = members;
    }

    @Override
    protected final void prepareSuccess(Settlement settlement) {
        for (Member m : members) {
            if (m.pieceDelivered()) {
                settlement.add(m.future, m.bytes);
            }
        }
    }

    @Override
    protected final void prepareFailure(Settlement settlement) {
        for (Member m : members) {
            if (m.markFailed()) {
                settlement.add(m.future, m.bytes);
            }
        }
    }

    /** A caller record's future, completed once all its pieces (one unless split) are delivered. Thread-safe. */
    public static final class Member {
        final CompletableFuture<Void> future;
        final long bytes;
        private int remaining;
        private boolean done;

        /**
         * Creates a member.
         *
         * @param future the caller's future
         * @param bytes the record's size, as counted against the back-pressure bound
         * @param pieces how many pieces the record was cut into, at least 1
         */
        public Member(CompletableFuture<Void> future, long bytes, int pieces) {
            this.future = future;
            this.bytes = bytes;
            this.remaining = pieces;
        }

        synchronized boolean pieceDelivered() {
            if (done || --remaining > 0) {
                return false;
            }
            done = true;
            return true;
        }

        synchronized boolean markFailed() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }
    }
}
