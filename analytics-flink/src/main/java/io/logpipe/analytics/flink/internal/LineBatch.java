package io.logpipe.analytics.flink.internal;

import java.nio.charset.StandardCharsets;

/**
 * Consecutive lines of one file, as UTF-8 bytes without their line ends, with each line's timestamp and
 * late mark once {@link OrderedLines} has set them. One batch crosses the network as one record (Flink's
 * POJO serializer: the byte and primitive arrays are written in bulk), so the per-record cost of the
 * shuffle between the reader and the parallel parsers is paid once per batch rather than once per line.
 *
 * <p>A Flink POJO: public fields and a public no-argument constructor; not thread-safe.
 */
public final class LineBatch {

    /** The lines' bytes, one after the other; the array may be longer than the lines. */
    public byte[] data = new byte[0];
    /** The number of lines. */
    public int count;
    /** The exclusive end of each line in {@link #data}; a line starts where the one before ended. */
    public int[] ends = new int[0];
    /** Each line's timestamp (epoch milliseconds, or {@link LineTimestamps#NONE}); set by the reader task. */
    public long[] times = new long[0];
    /** Whether each line's window had already closed when it was read; set by the reader task. */
    public boolean[] late = new boolean[0];

    /** Creates an empty batch (for the serializer). */
    public LineBatch() {
    }

    /**
     * Returns where a line starts.
     *
     * @param i the line index
     * @return the offset in {@link #data}
     */
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /**
     * Returns a line's length in bytes.
     *
     * @param i the line index
     * @return the length
     */
    public int length(int i) {
        return ends[i] - start(i);
    }

    /**
     * Returns a line as text (for tests and the agent JSON reader).
     *
     * @param i the line index
     * @return the line
     */
    public String line(int i) {
        return new String(data, start(i), length(i), StandardCharsets.UTF_8);
    }
}
