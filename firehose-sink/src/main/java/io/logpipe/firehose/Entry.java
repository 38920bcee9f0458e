package io.logpipe.firehose;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One Firehose record in flight through the sink: its bytes, its attempts, and the user futures it
 * completes. Settles exactly once (success or failure), whatever thread gets there first.
 */
abstract class Entry {

    private static final AtomicIntegerFieldUpdater<Entry> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(Entry.class, "settled");

    final byte[] data;
    final long arrivalNanos;
    int attempts;
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

    /** Completes the user futures; returns the user records and bytes completed now. */
    abstract long succeed(Release release);

    /** Fails the user futures; returns the user records and bytes failed now. */
    abstract long fail(FirehoseDeliveryException error, Release release);

    /** Adds the user futures this entry completes. */
    abstract void collectFutures(Consumer<CompletableFuture<Void>> into);

    /** Accumulates what settling released, for the back-pressure accounting and the stats. */
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
        long succeed(Release release) {
            release.add(1, data.length);
            future.complete(null);
            return 1;
        }

        @Override
        long fail(FirehoseDeliveryException error, Release release) {
            release.add(1, data.length);
            future.completeExceptionally(error);
            return 1;
        }

        @Override
        void collectFutures(Consumer<CompletableFuture<Void>> into) {
            into.accept(future);
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
        long succeed(Release release) {
            long n = 0;
            for (Completion c : members) {
                if (c.pieceDelivered()) {
                    release.add(1, c.bytes);
                    n++;
                }
            }
            return n;
        }

        @Override
        long fail(FirehoseDeliveryException error, Release release) {
            long n = 0;
            for (Completion c : members) {
                if (c.future.completeExceptionally(error)) {
                    release.add(1, c.bytes);
                    n++;
                }
            }
            return n;
        }

        @Override
        void collectFutures(Consumer<CompletableFuture<Void>> into) {
            for (Completion c : members) {
                into.accept(c.future);
            }
        }
    }

    /** A user record's future, completed once all its pieces (one unless split) are delivered. */
    static final class Completion {
        final CompletableFuture<Void> future;
        final int bytes;
        private int remaining;

        Completion(CompletableFuture<Void> future, int bytes, int pieces) {
            this.future = future;
            this.bytes = bytes;
            this.remaining = pieces;
        }

        /** Returns whether this piece completed the record. */
        synchronized boolean pieceDelivered() {
            return --remaining == 0 && future.complete(null);
        }
    }
}
