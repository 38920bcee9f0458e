package io.logpipe.agent.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The ordered acknowledgement window of one flow: every line read is one entry (a record sent, or a
 * line done without a record: a header skipped, a line rejected). A file's acknowledged offset moves
 * only over the head of the window, and only past entries whose record was acknowledged, so a
 * checkpoint never passes a record still being sent. Entries stay counted until the checkpoint holding
 * them is written ({@link #persisted()}): that bounds what a crash sends twice.
 *
 * <p>Pure: no clock, no thread, no I/O. Not thread-safe: used by the flow's thread only (the futures
 * it looks at may complete on any thread).
 */
final class AckWindow {

    /** One line, or one record made of lines, in reading order. */
    static final class Entry {
        final TrackedFile file;
        final long endOffset;
        final long endLine;
        final byte @Nullable [] data;
        /** A record acknowledged before a re-read, so not sent again. */
        final boolean sentBefore;
        @Nullable CompletableFuture<Void> future;

        Entry(TrackedFile file, long endOffset, long endLine, byte @Nullable [] data) {
            this(file, endOffset, endLine, data, false);
        }

        Entry(TrackedFile file, long endOffset, long endLine, byte @Nullable [] data, boolean sentBefore) {
            this.file = file;
            this.endOffset = endOffset;
            this.endLine = endLine;
            this.data = data;
            this.sentBefore = sentBefore;
        }

        boolean acknowledged() {
            CompletableFuture<Void> f = future;
            return data == null || sentBefore || (f != null && f.isDone() && !f.isCompletedExceptionally());
        }

        boolean settled() {
            CompletableFuture<Void> f = future;
            return data == null || sentBefore || (f != null && f.isDone());
        }
    }

    /** Told of each entry that leaves the head of the window acknowledged. */
    interface Acknowledged {
        void acknowledged(Entry e);
    }

    private final int maxUnacknowledged;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long committedNotPersisted;

    /** @param maxUnacknowledged entries read but not yet covered by a written checkpoint, at most */
    AckWindow(int maxUnacknowledged) {
        this.maxUnacknowledged = maxUnacknowledged;
    }

    void add(Entry e) {
        entries.add(e);
    }

    /** @return whether reading must pause: the window holds its bound of entries not yet persisted */
    boolean full() {
        return entries.size() + committedNotPersisted >= maxUnacknowledged;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    /** @return entries read and not yet covered by a written checkpoint */
    long unpersisted() {
        return entries.size() + committedNotPersisted;
    }

    /** @return entries acknowledged (their files' offsets moved) since the last {@link #persisted()} */
    long committedNotPersisted() {
        return committedNotPersisted;
    }

    /** @return whether a record of the window is still being sent (its future not complete) */
    boolean anyInFlight() {
        for (Entry e : entries) {
            if (!e.settled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the head over the acknowledged entries: their files' acknowledged offsets and lines move.
     *
     * @param out told of each entry that left
     * @return whether any entry left
     */
    boolean drain(Acknowledged out) {
        boolean any = false;
        Entry e;
        while ((e = entries.peek()) != null && e.acknowledged()) {
            entries.poll();
            e.file.ackedOffset = Math.max(e.file.ackedOffset, e.endOffset);
            e.file.ackedLine = e.endLine;
            committedNotPersisted++;
            any = true;
            out.acknowledged(e);
        }
        return any;
    }

    /** Records that a checkpoint holding every drained entry was written. */
    void persisted() {
        committedNotPersisted = 0;
    }

    /**
     * Empties the window for a re-read from the acknowledged offsets (the sink gave up on a record).
     * Call only when nothing is in flight.
     *
     * @param notReached records acknowledged before an earlier re-read that reading has not reached
     *     again; kept
     * @return per file, the end offsets of the records past the head that were acknowledged: re-reading
     *     them must not send them again
     */
    Map<TrackedFile, Set<Long>> clearForReread(Map<TrackedFile, Set<Long>> notReached) {
        Map<TrackedFile, Set<Long>> sent = new IdentityHashMap<>();
        notReached.forEach((f, offsets) -> {
            if (!offsets.isEmpty()) {
                sent.computeIfAbsent(f, k -> new HashSet<>()).addAll(offsets);
            }
        });
        for (Entry e : entries) {
            if (e.data != null && e.acknowledged()) {
                sent.computeIfAbsent(e.file, f -> new HashSet<>()).add(e.endOffset);
            }
        }
        entries.clear();
        return sent;
    }
}
