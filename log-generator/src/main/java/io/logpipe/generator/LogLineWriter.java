package io.logpipe.generator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import org.apiguardian.api.API;

/**
 * Writes generated lines as bytes into an {@link OutputStream}, through its own buffer: each line is
 * composed in place (pre-encoded lists, hand-written digits, cached timestamp parts), so writing
 * allocates nothing per line. Obtain one from {@link LogGenerator#writer(OutputStream)}.
 *
 * <p>Ownership: the writer never closes the stream it was given; {@link #close()} only flushes.
 * Not thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class LogLineWriter implements Flushable, Closeable {

    /** The size of the writer's buffer, in bytes: {@value}. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private final LineComposer composer;
    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private long lines;
    private long bytes;

    LogLineWriter(LineComposer composer, OutputStream out, int bufferSize) {
        this.composer = composer;
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 2 * LineComposer.MAX_LINE)];
    }

    /**
     * Writes the next line (into the buffer; it reaches the stream when the buffer fills or on
     * {@link #flush()}).
     *
     * @return the length of the line in bytes, with its {@code '\n'}
     * @throws GeneratorException if the stream fails, or the timestamps pass the year 9999
     */
    public int writeLine() {
        if (buffer.length - position < LineComposer.MAX_LINE) {
            drain();
        }
        int start = position;
        position = composer.compose(buffer, start);
        int length = position - start;
        lines++;
        bytes += length;
        return length;
    }

    /**
     * Writes the next {@code count} lines.
     *
     * @param count how many, at least 0
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws GeneratorException if the stream fails
     */
    public void writeLines(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        for (long i = 0; i < count; i++) {
            writeLine();
        }
    }

    /**
     * Returns how many lines this writer has written.
     *
     * @return the line count
     */
    public long lines() {
        return lines;
    }

    /**
     * Returns how many bytes this writer has written, newlines included.
     *
     * @return the byte count
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Writes the buffered lines to the stream and flushes it.
     *
     * @throws GeneratorException if the stream fails
     */
    @Override
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new GeneratorException("Cannot flush the log output: " + e.getMessage(), e);
        }
    }

    /**
     * Flushes; does not close the stream (the caller owns it).
     *
     * @throws GeneratorException if the stream fails
     */
    @Override
    public void close() {
        flush();
    }

    private void drain() {
        if (position == 0) {
            return;
        }
        try {
            out.write(buffer, 0, position);
        } catch (IOException e) {
            throw new GeneratorException("Cannot write log lines: " + e.getMessage(), e);
        } finally {
            position = 0;
        }
    }
}
