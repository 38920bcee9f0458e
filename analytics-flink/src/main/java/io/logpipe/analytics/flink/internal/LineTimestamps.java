package io.logpipe.analytics.flink.internal;

import io.logpipe.parser.ClfTimestamps;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * Reads only the event time of a line, before it is parsed, so that watermarks and lateness can be
 * decided in input order by one task while the full parse runs in parallel. An access-log line's time is
 * found as log-parser finds it ({@code %h %l %u [time]}: the bracket after the second space, where
 * {@code " ["} starts); an agent JSON line's is the {@code "datetime"} string. A line without a readable
 * time gets {@link #NONE}: it moves no watermark and is never late; the parser then decides. A line the
 * parser accepts with a different time is counted as malformed by {@link BatchRows}. Not thread-safe.
 */
public final class LineTimestamps {

    /** The timestamp of a line whose time cannot be read. */
    public static final long NONE = Long.MIN_VALUE;

    private static final byte[] DATETIME = "\"datetime\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final boolean agentJson;
    private final ClfTimestamps times = new ClfTimestamps();
    private @Nullable OffsetDateTime lastTime;
    private long lastMillis;

    /**
     * Creates the reader.
     *
     * @param agentJson whether lines are agent JSON rather than log lines
     */
    public LineTimestamps(boolean agentJson) {
        this.agentJson = agentJson;
    }

    /**
     * Returns the time of a line.
     *
     * @param b the bytes
     * @param from where the line starts
     * @param to where it ends (exclusive)
     * @return epoch milliseconds, or {@link #NONE}
     */
    public long extract(byte[] b, int from, int to) {
        return agentJson ? fromJson(b, from, to) : fromLog(b, from, to);
    }

    private long fromLog(byte[] s, int from, int to) {
        int a = indexOf(s, (byte) ' ', from, to);
        int b = a < 0 ? -1 : indexOf(s, (byte) ' ', a + 1, to);
        int c = b < 0 ? -1 : bracket(s, b + 1, to);
        if (c < 0 || c + 2 + ClfTimestamps.LENGTH >= to || s[c + 2 + ClfTimestamps.LENGTH] != ']') {
            return NONE;
        }
        return millis(times.parse(s, c + 2));
    }

    /** Returns the index of the first {@code " ["} at or after {@code from}, or -1. */
    private static int bracket(byte[] s, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (s[i] == ' ' && s[i + 1] == '[') {
                return i;
            }
        }
        return -1;
    }

    private long fromJson(byte[] s, int from, int to) {
        int k = find(s, DATETIME, from, to);
        if (k < 0) {
            return NONE;
        }
        int p = k + DATETIME.length;
        while (p < to && isSpace(s[p])) {
            p++;
        }
        if (p >= to || s[p] != ':') {
            return NONE;
        }
        p++;
        while (p < to && isSpace(s[p])) {
            p++;
        }
        if (p + 1 + ClfTimestamps.LENGTH >= to || s[p] != '"' || s[p + 1 + ClfTimestamps.LENGTH] != '"') {
            return NONE;
        }
        return millis(times.parse(s, p + 1));
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b
                || (c >= 0x1c && c <= 0x1f);
    }

    private static int indexOf(byte[] s, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int find(byte[] s, byte[] w, int from, int to) {
        outer:
        for (int i = from; i + w.length <= to; i++) {
            for (int j = 0; j < w.length; j++) {
                if (s[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private long millis(@Nullable OffsetDateTime t) {
        if (t == null) {
            return NONE;
        }
        if (t != lastTime) { // the parser hands out one instance per second of log
            lastTime = t;
            lastMillis = t.toInstant().toEpochMilli();
        }
        return lastMillis;
    }
}
