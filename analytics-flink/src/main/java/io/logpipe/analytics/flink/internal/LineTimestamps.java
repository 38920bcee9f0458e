package io.logpipe.analytics.flink.internal;

import io.logpipe.parser.ClfTimestamps;
import java.time.OffsetDateTime;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

/**
 * Reads only the event time of a line, before it is parsed, so that watermarks and lateness can be
 * decided in input order by one task while the full parse runs in parallel. An access-log line's time is
 * found as log-parser finds it ({@code %h %l %u [time]}: the bracket after the second space, where
 * {@code " ["} starts); an agent JSON line's is the {@code "datetime"} string. A line without a readable
 * time gets {@link Long#MIN_VALUE}: it moves no watermark and is never late; the parser then decides.
 * A line the parser accepts with a different time is counted as malformed by {@link LinesToRows}.
 */
public final class LineTimestamps implements TimestampAssigner<String> {

    /** The timestamp of a line whose time cannot be read. */
    public static final long NONE = Long.MIN_VALUE;

    private final boolean agentJson;
    private final ClfTimestamps times = new ClfTimestamps();

    /**
     * Creates the assigner.
     *
     * @param agentJson whether lines are agent JSON rather than log lines
     */
    public LineTimestamps(boolean agentJson) {
        this.agentJson = agentJson;
    }

    @Override
    public long extractTimestamp(String line, long recordTimestamp) {
        return agentJson ? fromJson(line) : fromLog(line);
    }

    private long fromLog(String s) {
        int a = s.indexOf(' ');
        int b = a < 0 ? -1 : s.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : s.indexOf(" [", b + 1);
        if (c < 0 || c + 2 + ClfTimestamps.LENGTH >= s.length() || s.charAt(c + 2 + ClfTimestamps.LENGTH) != ']') {
            return NONE;
        }
        return millis(times.parse(s, c + 2));
    }

    private long fromJson(String s) {
        int k = s.indexOf("\"datetime\"");
        if (k < 0) {
            return NONE;
        }
        int p = k + "\"datetime\"".length();
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        if (p >= s.length() || s.charAt(p) != ':') {
            return NONE;
        }
        p++;
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        if (p + 1 + ClfTimestamps.LENGTH >= s.length() || s.charAt(p) != '"'
                || s.charAt(p + 1 + ClfTimestamps.LENGTH) != '"') {
            return NONE;
        }
        return millis(times.parse(s, p + 1));
    }

    private static long millis(OffsetDateTime t) {
        return t == null ? NONE : t.toInstant().toEpochMilli();
    }
}
