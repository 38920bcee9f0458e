package io.logpipe.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads complete lines from a tracked file's channel, one buffer at a time, from its read offset. A
 * line longer than the buffer (the largest record plus one byte) is given once, cut at the buffer's
 * size, and its rest is skipped up to its line break. A last line without a line break waits until it
 * is completed.
 *
 * <p>Keeps one buffer: not thread-safe, one per flow.
 */
final class LineReader {

    /** Where the lines go, in file order. */
    interface Lines {
        /**
         * One complete line, without its line break, or the first {@code len} bytes of a longer line.
         *
         * @param a the bytes (valid only during the call)
         * @param off where the line starts
         * @param len its length
         * @param endOffset the file offset past it (past its line break unless cut)
         * @param lineNo its 1-based number, or -1 if unknown
         */
        void line(byte[] a, int off, int len, long endOffset, long lineNo);

        /** The rest of a cut line, now skipped up to {@code endOffset}; it was line {@code lineNo}. */
        void rest(long endOffset, long lineNo);

        /** @return whether reading must pause after the line just given */
        boolean full();
    }

    private final ByteBuffer buffer;

    /** @param maxRecordSizeBytes the largest record: longer lines are cut */
    LineReader(int maxRecordSizeBytes) {
        this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, maxRecordSizeBytes + 1));
    }

    /**
     * Reads one buffer of {@code t} from {@code t.readOffset}, moving its read offset and line number
     * past the lines given.
     *
     * @param t the file
     * @param ch its open channel
     * @param size the channel's size, greater than {@code t.readOffset}
     * @param out where the lines go
     * @return the bytes consumed (0 if no complete line yet)
     * @throws IOException if reading fails
     */
    int read(TrackedFile t, FileChannel ch, long size, Lines out) throws IOException {
        buffer.clear();
        long base = t.readOffset;
        if (size - base < buffer.capacity()) {
            buffer.limit((int) (size - base));
        }
        int n = 0;
        while (buffer.hasRemaining()) {
            int r = ch.read(buffer, base + n);
            if (r <= 0) {
                break;
            }
            n += r;
        }
        byte[] a = buffer.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] != '\n') {
                continue;
            }
            long end = base + i + 1;
            if (t.skippingLongLine) {
                // the rest of a line already sent cut: its number was counted then
                t.skippingLongLine = false;
                out.rest(end, t.readLine);
            } else {
                t.readLine = t.readLine < 0 ? -1 : t.readLine + 1;
                out.line(a, start, i - start, end, t.readLine);
            }
            start = i + 1;
            if (out.full()) {
                break;
            }
        }
        if (start == 0 && n == buffer.capacity()) {
            // no line break in a full buffer: a line longer than the largest record
            if (!t.skippingLongLine) {
                t.readLine = t.readLine < 0 ? -1 : t.readLine + 1;
                out.line(a, 0, n, base + n, t.readLine);
                t.skippingLongLine = true;
                t.cutAt = base + n;
            } else {
                out.rest(base + n, t.readLine);
            }
            start = n;
        }
        t.readOffset = base + start;
        return start;
    }
}
