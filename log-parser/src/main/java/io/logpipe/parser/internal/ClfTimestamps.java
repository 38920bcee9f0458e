package io.logpipe.parser.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Parses the Common Log Format time {@code dd/MMM/yyyy:HH:mm:ss Z} (26 ASCII bytes, such as
 * {@code 10/Oct/2000:13:55:36 -0700}) without {@code DateTimeFormatter}, and caches the result per
 * second of text: the same text gives the same {@link OffsetDateTime} instance without parsing it
 * again.
 *
 * <p>The cache is a small direct-mapped table of immutable entries. Threads race on its slots
 * benignly: an entry is published with final fields, so a reader sees either a complete entry or
 * another one, and a lost update only costs a reparse. Instances are therefore thread-safe.
 */
@API(status = INTERNAL)
public final class ClfTimestamps {

    /** Length of the time text without brackets. */
    public static final int LENGTH = 26;

    private static final int SLOTS = 64;

    private final Entry[] cache = new Entry[SLOTS];

    private static final class Entry {
        final byte[] key;
        final OffsetDateTime value;

        Entry(byte[] key, OffsetDateTime value) {
            this.key = key;
            this.value = value;
        }
    }

    /**
     * Returns the time for the 26 bytes at {@code p}, from the cache when the same text was seen.
     *
     * @param b the line
     * @param p where the text starts; {@code p + 26 <= b.length} is the caller's duty
     * @return the time, or {@code null} if the text is not a valid CLF time
     */
    public @Nullable OffsetDateTime parse(byte[] b, int p) {
        // mm:ss digits pick the slot: consecutive seconds use different slots
        int slot = ((b[p + 16] * 10 + b[p + 18]) * 10 + b[p + 19]) & (SLOTS - 1);
        Entry e = cache[slot];
        if (e != null && Arrays.equals(e.key, 0, LENGTH, b, p, p + LENGTH)) {
            return e.value;
        }
        OffsetDateTime t = parseUncached(b, p);
        if (t != null) {
            cache[slot] = new Entry(Arrays.copyOfRange(b, p, p + LENGTH), t);
        }
        return t;
    }

    /**
     * Parses the 26 bytes at {@code p} without the cache.
     *
     * @param b the line
     * @param p where the text starts
     * @return the time, or {@code null} if the text is not a valid CLF time
     */
    public static @Nullable OffsetDateTime parseUncached(byte[] b, int p) {
        if (b[p + 2] != '/' || b[p + 6] != '/' || b[p + 11] != ':' || b[p + 14] != ':' || b[p + 17] != ':'
                || b[p + 20] != ' ') {
            return null;
        }
        int day = digits2(b, p);
        int month = month(b[p + 3], b[p + 4], b[p + 5]);
        int year = digits2(b, p + 7);
        int year2 = digits2(b, p + 9);
        int hour = digits2(b, p + 12);
        int minute = digits2(b, p + 15);
        int second = digits2(b, p + 18);
        byte sign = b[p + 21];
        int oh = digits2(b, p + 22);
        int om = digits2(b, p + 24);
        if ((day | month | year | year2 | hour | minute | second | oh | om) < 0 || (sign != '+' && sign != '-')
                || om > 59 || oh > 18) {
            return null;
        }
        try {
            int offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
            return OffsetDateTime.of(LocalDateTime.of(year * 100 + year2, month, day, hour, minute, second),
                    ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null; // 31/Feb, 24:00:00, 60 seconds, offsets beyond 18:00
        }
    }

    private static int digits2(byte[] b, int p) {
        int d1 = b[p] - '0';
        int d2 = b[p + 1] - '0';
        if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return -1;
        }
        return d1 * 10 + d2;
    }

    private static int month(byte a, byte b, byte c) {
        switch (a) {
            case 'J':
                if (b == 'a' && c == 'n') {
                    return 1;
                }
                if (b == 'u') {
                    return c == 'n' ? 6 : c == 'l' ? 7 : -1;
                }
                return -1;
            case 'F':
                return b == 'e' && c == 'b' ? 2 : -1;
            case 'M':
                return b == 'a' ? (c == 'r' ? 3 : c == 'y' ? 5 : -1) : -1;
            case 'A':
                return b == 'p' && c == 'r' ? 4 : b == 'u' && c == 'g' ? 8 : -1;
            case 'S':
                return b == 'e' && c == 'p' ? 9 : -1;
            case 'O':
                return b == 'c' && c == 't' ? 10 : -1;
            case 'N':
                return b == 'o' && c == 'v' ? 11 : -1;
            case 'D':
                return b == 'e' && c == 'c' ? 12 : -1;
            default:
                return -1;
        }
    }
}
