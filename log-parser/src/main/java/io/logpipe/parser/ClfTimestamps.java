package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.OffsetDateTime;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Common Log Format time, {@code dd/MMM/yyyy:HH:mm:ss Z} ({@value #LENGTH} ASCII characters,
 * such as {@code 10/Oct/2000:13:55:36 -0700}), exactly as the parser reads the {@code %t} field: the
 * same validation (day of month, month name, hour, offset) and the same per-second cache, so a caller
 * that needs only a line's time (an event-time assigner ahead of the full parse) gets the time the
 * parser will give the record.
 *
 * <pre>{@code
 * ClfTimestamps times = new ClfTimestamps();             // keep one: it caches recent seconds
 * OffsetDateTime t = times.parse(line, line.indexOf('[') + 1);   // null if not a valid CLF time
 * }</pre>
 *
 * <p>Never throws on bad text: an invalid or truncated time gives {@code null}. Thread-safe: threads
 * share the cache without locks (a lost update costs only a reparse).
 *
 * @see <a href="https://httpd.apache.org/docs/current/logs.html#common">Apache: Common Log Format</a>
 */
@API(status = EXPERIMENTAL)
public final class ClfTimestamps {

    /** The length of a CLF time: {@value} characters. */
    public static final int LENGTH = io.logpipe.parser.internal.ClfTimestamps.LENGTH;

    private final io.logpipe.parser.internal.ClfTimestamps times = new io.logpipe.parser.internal.ClfTimestamps();

    /** Creates a reader with an empty cache. */
    public ClfTimestamps() {}

    /**
     * Returns the time written in the {@value #LENGTH} characters of {@code text} at {@code offset}.
     *
     * @param text the text holding the time, for example a whole log line
     * @param offset where the time starts (after the {@code [} of a log line)
     * @return the time with its offset, or {@code null} if the characters there are not a valid CLF
     *     time, or fewer than {@value #LENGTH} characters are left
     */
    public @Nullable OffsetDateTime parse(String text, int offset) {
        if (offset < 0 || offset > text.length() - LENGTH) {
            return null;
        }
        return times.parse(text, offset);
    }

    /**
     * Returns the time written in the {@value #LENGTH} bytes (ASCII) of {@code bytes} at {@code offset}, for
     * callers that hold lines as bytes (a file read in chunks) and need only the time.
     *
     * @param bytes the bytes holding the time, for example a whole UTF-8 log line
     * @param offset where the time starts (after the {@code [} of a log line)
     * @return the time with its offset, or {@code null} if the bytes there are not a valid CLF time, or
     *     fewer than {@value #LENGTH} bytes are left
     */
    public @Nullable OffsetDateTime parse(byte[] bytes, int offset) {
        if (offset < 0 || offset > bytes.length - LENGTH) {
            return null;
        }
        return times.parse(bytes, offset);
    }

    /**
     * Returns the time a whole text holds.
     *
     * @param text exactly a CLF time, such as {@code 10/Oct/2000:13:55:36 -0700}
     * @return the time, or {@code null} if the text is not exactly one valid CLF time
     */
    public @Nullable OffsetDateTime parse(String text) {
        return text.length() == LENGTH ? times.parse(text, 0) : null;
    }
}
