package io.logpipe.firehose;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One Firehose record in flight through the sink: its bytes, its attempts, and the user futures it
 * completes. Settles exactly once (success or failure), whatever thread gets there first.
 *
 * <p>Settling is two-phase: {@code prepare...} collects the user futures to complete and the space
 * to release, so that the sink updates its counters and its back-pressure accounting <em>before</em>
 * any future completes (a caller woken by a future then sees them up to date).
 */
abstract class Entry {

    private static final AtomicIntegerFieldUpdater<Entry> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(Entry.class, "settled");

    final byte[] data;
    final long arrivalNanos;
    int attempts;
    /** The flush epoch the entry was created in; set under the sink's lock. */
    FirehoseSink.Epoch epoch;
    private volatile int settled;

    Entry(byte[] data, long arrivalNanos) {
        this.data = data;
        this.arrivalNanos = arrivalNanos;
    }

    final boolean trySettle() {
        return SETTLED.compareAndSet(this, 0, 1);
    }

    final boolean isSettled() {
        return settled != 0;
    }

    /** Adds the user futures that this entry's delivery completes, and what they release. */
    abstract void prepareSuccess(List<CompletableFuture<Void>> complete, Release release);

    /** Adds the user futures that this entry's failure fails (once each), and what they release. */
    abstract void prepareFailure(List<CompletableFuture<Void>> fail, Release release);

    /** Accumulates what settling released, for the back-pressure accounting. */
    static final class Release {
        long records;
        long bytes;

        void add(long r, long b) {
            records += r;
            bytes += b;
        }
    }

    /** The common case: one user record, one Firehose record. */
    static final class Single extends Entry {
        final CompletableFuture<Void> future;

        Single(byte[] data, long arrivalNanos, CompletableFuture<Void> future) {
            super(data, arrivalNanos);
            this.future = future;
        }

        @Override
        void prepareSuccess(List<CompletableFuture<Void>> complete, Release release) {
            release.add(1, data.length);
            complete.add(future);
        }

        @Override
        void prepareFailure(List<CompletableFuture<Void>> fail, Release release) {
            release.add(1, data.length);
            fail.add(future);
        }
    }

    /** A packed record: pieces of one or more user records, each completed when all its pieces are. */
    static final class Packed extends Entry {
        final List<Completion> members;

        Packed(byte[] data, long arrivalNanos, List<Completion> members) {
            super(data, arrivalNanos);
            this.members = members;
        }

        @Override
        void prepareSuccess(List<CompletableFuture<Void>> complete, Release release) {
            for (Completion c : members) {
                if (c.pieceDelivered()) {
                    release.add(1, c.bytes);
                    complete.add(c.future);
                }
            }
        }

        @Override
        void prepareFailure(List<CompletableFuture<Void>> fail, Release release) {
            for (Completion c : members) {
                if (c.markFailed()) {
                    release.add(1, c.bytes);
                    fail.add(c.future);
                }
            }
        }
    }

    /** A user record's future, completed once all its pieces (one unless split) are delivered. */
    static final class Completion {
        final CompletableFuture<Void> future;
        final int bytes;
        private int remaining;
        private boolean done;

        Completion(CompletableFuture<Void> future, int bytes, int pieces) {
            this.future = future;
            this.bytes = bytes;
            this.remaining = pieces;
        }

        /** Counts one piece delivered; returns whether it was the last one (the record is delivered). */
        synchronized boolean pieceDelivered() {
            if (done || --remaining > 0) {
                return false;
            }
            done = true;
            return true;
        }

        /** Marks the record failed; returns whether this is the first settlement of the record. */
        synchronized boolean markFailed() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }
    }
}
