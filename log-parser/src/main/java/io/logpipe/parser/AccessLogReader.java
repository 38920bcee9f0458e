package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.parser.internal.LineSplitter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads an access log line by line, one {@link ParseResult} per line (records and errors alike,
 * numbered from 1), so a caller sees every line and can count or dead-letter the rejected ones.
 * Obtained from {@link AccessLogParser#reader(InputStream)} or
 * {@link AccessLogParser#reader(java.nio.file.Path)}.
 *
 * <pre>{@code
 * try (AccessLogReader reader = parser.reader(path)) {
 *     while (reader.hasNext()) {
 *         ParseResult r = reader.next();
 *         if (r.isSuccess()) { send(r.record()); } else { deadLetter(r.error()); }
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Lines are split on {@code \n}, with a {@code \r} before it dropped; a line
 * over {@link ParserConstraints#maxLineLength()} bytes is reported as
 * {@link ParseError.Kind#LIMIT_EXCEEDED} without being buffered whole. {@link #close()} closes
 * the file of a reader over a path, never a stream the caller gave.
 */
@API(status = EXPERIMENTAL)
public final class AccessLogReader implements Iterator<ParseResult>, Closeable {

    private final DefaultAccessLogParser parser;
    private final LineSplitter lines;
    private final @Nullable InputStream owned;
    private @Nullable ParseResult next;
    private boolean done;

    AccessLogReader(DefaultAccessLogParser parser, LineSplitter lines, @Nullable InputStream owned) {
        this.parser = parser;
        this.lines = lines;
        this.owned = owned;
    }

    /**
     * Returns whether another line follows, reading ahead one line.
     *
     * @return {@code true} if {@link #next()} has a result
     * @throws UncheckedIOException if reading fails
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            if (lines.next()) {
                next = parser.next(lines);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read access log after line " + lines.lineNumber() + ": "
                    + e.getMessage(), e);
        }
        done = true;
        return false;
    }

    /**
     * Returns the result for the next line.
     *
     * @return the result
     * @throws NoSuchElementException at the end of the input
     * @throws UncheckedIOException if reading fails
     */
    @Override
    public ParseResult next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more lines after line " + lines.lineNumber());
        }
        ParseResult r = Objects.requireNonNull(next, "hasNext() sets next");
        next = null;
        return r;
    }

    /**
     * Returns the number of lines read so far.
     *
     * @return the last line number handed out or read ahead
     */
    public long lineNumber() {
        return lines.lineNumber();
    }

    /**
     * Closes the file if this reader opened it; a caller's stream stays open.
     *
     * @throws UncheckedIOException if closing the file fails
     */
    @Override
    public void close() {
        done = true;
        next = null;
        if (owned != null) {
            try {
                owned.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close access log: " + e.getMessage(), e);
            }
        }
    }
}
